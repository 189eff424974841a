/**
 * `createSecrets`: binds a backend, a keyring, audit sinks and an optional
 * cache, and hands out scoped handles.
 *
 * Every read is audited before its value is returned (fail-closed by default).
 * Values are sealed with the scope key and name as associated data, so a
 * record copied to another scope or name fails to decrypt.
 * @module
 */
import type { AuditAction, AuditEvent, AuditOutcome } from '../audit/audit-event.js'
import {
  type AuditOptions,
  type AuditSinkInput,
  createAuditDispatcher,
} from '../audit/audit-sink.js'
import { type Scope, type ScopeInput, toScope } from '../backend/scope.js'
import type {
  PayloadUpdate,
  RecordKey,
  SecretBackend,
  SecretRecord,
} from '../backend/secret-backend.js'
import {
  assertSecretName,
  DEFAULT_MAX_VALUE_BYTES,
  encodeSecretValue,
} from '../backend/validation.js'
import {
  createEnvelopeCipher,
  type EnvelopeCipher,
  MAX_ENVELOPE_BYTES,
} from '../crypto/envelope-cipher.js'
import { AbortedError } from '../errors/aborted-error.js'
import { AuditError } from '../errors/audit-error.js'
import { BackendError } from '../errors/backend-error.js'
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import { InvalidValueError } from '../errors/invalid-value-error.js'
import { MissingSecretError } from '../errors/missing-secret-error.js'
import { SecretNotFoundError } from '../errors/secret-not-found-error.js'
import { SecretsError } from '../errors/secrets-error.js'
import {
  assertAccessor,
  assertBackend,
  assertOptionalString,
  assertVersion,
  checkListOptions,
  positiveInteger,
} from './_checks.js'
import type {
  AccessContext,
  ActiveSecret,
  CreateSecretsOptions,
  RekeyFailure,
  RekeyOptions,
  RekeyResult,
  ScopedSecrets,
  SecretRequest,
  SecretStore,
  SecretValue,
} from './types.js'
import { createValueCache } from './value-cache.js'

const AAD_DOMAIN = '@secrets/value/v1'
const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/**
 * Creates a secret store.
 * @throws {InvalidArgumentError} for a malformed backend or options
 * @throws {InvalidMasterKeyError} when an envelope backend is given no keyring
 * @example
 * ```ts
 * const secrets = createSecrets({
 *   backend: memoryBackend(),
 *   keyring: Keyring.fromEnv(),
 *   audit: jsonLinesAuditSink(process.stdout),
 * })
 * const s = secrets.scope({ tenant: 'acme', user: 'alice' })
 * await s.set('SLACK_TOKEN', 'xoxb-…', { accessor: 'alice' })
 * await s.get('SLACK_TOKEN', { accessor: 'plugin:slack', reason: 'send message' })
 * ```
 */
export function createSecrets(options: CreateSecretsOptions): SecretStore {
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError('createSecrets needs an options object')
  const backend: SecretBackend = options.backend
  assertBackend(backend)
  const caps = backend.capabilities
  if (!caps.envelope && !caps.encryptsAtRest) {
    throw new InvalidArgumentError(
      `Backend "${backend.name}" neither takes envelopes nor encrypts at rest; refusing to store plaintext`,
    )
  }
  let cipher: EnvelopeCipher | null = null
  if (caps.envelope) {
    if (!options.keyring) {
      throw new InvalidArgumentError(
        `Backend "${backend.name}" stores envelopes and needs a keyring: pass keyring: Keyring.fromEnv() (reads SECRETS_MASTER_KEY)`,
      )
    }
    cipher = createEnvelopeCipher({ keyring: options.keyring, engine: options.engine ?? 'auto' })
  }
  if (options.audit === undefined) {
    throw new InvalidArgumentError(
      'createSecrets needs `audit`: a sink such as jsonLinesAuditSink(stream), or audit: false to turn auditing off',
    )
  }
  const audit = createAuditDispatcher(normaliseAudit(options.audit))
  const cache = createValueCache(options.cache)
  const maxValueBytes = positiveInteger(
    options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES,
    'maxValueBytes',
    MAX_ENVELOPE_BYTES - 1024,
  )
  const defaultOverlapMs = options.rotationOverlapMs ?? 0
  if (!Number.isFinite(defaultOverlapMs) || defaultOverlapMs < 0)
    throw new InvalidArgumentError('rotationOverlapMs must be 0 or more')
  const now = options.now ?? (() => new Date())
  const encoder = new TextEncoder()
  const decoder = new TextDecoder('utf-8', { fatal: true })

  const aadFor = (scope: Scope, name: string) =>
    encoder.encode(`${AAD_DOMAIN}\u0000${scope.key}\u0000${name}`)

  function event(
    scope: Scope,
    action: AuditAction,
    outcome: AuditOutcome,
    fields: Partial<
      Pick<
        AuditEvent,
        'name' | 'version' | 'accessor' | 'reason' | 'errorCode' | 'usedAt' | 'count'
      >
    >,
  ): AuditEvent {
    const e: AuditEvent = {
      time: now(),
      action,
      outcome,
      scope: scope.segments,
      name: fields.name ?? null,
      version: fields.version ?? null,
      accessor: fields.accessor ?? null,
      reason: fields.reason ?? null,
    }
    if (fields.errorCode !== undefined) e.errorCode = fields.errorCode
    if (fields.usedAt !== undefined) e.usedAt = fields.usedAt
    if (fields.count !== undefined) e.count = fields.count
    return e
  }

  /** Maps any failure to an outcome and a SecretsError (drivers' errors become BackendError). */
  function classify(
    error: unknown,
    operation: string,
  ): { outcome: AuditOutcome; error: SecretsError } {
    if (SecretsError.isInstance(error)) {
      const outcome: AuditOutcome =
        error.code === 'CONFLICT'
          ? 'conflict'
          : error.code === 'DECRYPTION_FAILED' || error.code === 'UNKNOWN_KEY_ID'
            ? 'decryption_failed'
            : error.code === 'SECRET_NOT_FOUND'
              ? 'not_found'
              : 'error'
      return { outcome, error }
    }
    return {
      outcome: 'error',
      error: new BackendError(`Backend "${backend.name}" failed to ${operation}`, { cause: error }),
    }
  }

  /** Records a mutation that already happened; a fail-closed refusal says so. */
  async function recordApplied(events: AuditEvent[]): Promise<void> {
    try {
      await audit.record(events)
    } catch (err) {
      if (!AuditError.isInstance(err)) throw err
      throw new AuditError(`The ${events[0]!.action} was applied, but no audit sink recorded it`, {
        cause: err.cause,
      })
    }
  }

  function openPayload(scope: Scope, record: SecretRecord): string {
    if (!cipher) return decoder.decode(record.payload)
    const bytes = cipher.open(record.payload, aadFor(scope, record.name))
    try {
      return decoder.decode(bytes)
    } finally {
      bytes.fill(0) // best effort: the string copy cannot be wiped
    }
  }

  function scopeHandle(scope: Scope): ScopedSecrets {
    async function readRecords(
      requests: readonly SecretRequest[],
      ctx: AccessContext,
      action: AuditAction = 'read',
    ) {
      assertAccessor(ctx)
      for (const r of requests) {
        assertSecretName(r?.name)
        if (r.version !== undefined) assertVersion(r.version)
      }
      const at = now().getTime()
      const results: Array<(SecretValue & { previousExpiresAt: Date | null }) | null> = new Array(
        requests.length,
      ).fill(null)
      const misses: number[] = []
      requests.forEach((r, i) => {
        const hit = cache?.lookup(scope.key, r.name, r.version, at)
        if (hit?.fresh) results[i] = { name: r.name, ...hit.entry }
        else misses.push(i)
      })
      const base = (r: SecretRequest) => ({
        name: r.name,
        accessor: ctx.accessor,
        reason: ctx.reason,
        usedAt: r.usedAt,
      })
      if (misses.length > 0) {
        let records: Array<SecretRecord | null>
        try {
          const keys: RecordKey[] = misses.map((i) => {
            const r = requests[i]!
            return r.version === undefined ? { name: r.name } : { name: r.name, version: r.version }
          })
          records = await backend.getMany(scope, keys)
          if (!Array.isArray(records) || records.length !== keys.length) {
            throw new BackendError(
              `Backend "${backend.name}" returned ${records?.length} results for ${keys.length} keys`,
            )
          }
        } catch (cause) {
          const stale = misses.map((i) =>
            cache?.lookup(scope.key, requests[i]!.name, requests[i]!.version, at),
          )
          if (stale.every((h) => h !== undefined)) {
            misses.forEach((i, j) => {
              results[i] = { name: requests[i]!.name, ...stale[j]!.entry }
            })
            records = []
          } else {
            const { error } = classify(cause, 'read')
            await audit.record(
              misses.map((i) =>
                event(scope, action, 'error', { ...base(requests[i]!), errorCode: error.code }),
              ),
            )
            throw error
          }
        }
        const failures: AuditEvent[] = []
        let firstFailure: SecretsError | undefined
        misses.forEach((i, j) => {
          const record = records[j]
          if (!record) return
          try {
            results[i] = {
              name: record.name,
              version: record.version,
              value: openPayload(scope, record),
              previousExpiresAt: record.previousExpiresAt,
            }
          } catch (err) {
            const { outcome, error } = classify(err, 'decrypt')
            firstFailure ??= error
            failures.push(
              event(scope, action, outcome, {
                ...base(requests[i]!),
                version: record.version,
                errorCode: error.code,
              }),
            )
          }
        })
        if (firstFailure) {
          await audit.record(failures)
          throw firstFailure
        }
      }
      await audit.record(
        requests.map((r, i) => {
          const found = results[i]
          return found
            ? event(scope, action, 'success', { ...base(r), version: found.version })
            : event(scope, action, 'not_found', {
                ...base(r),
                errorCode: 'SECRET_NOT_FOUND',
                version: r.version,
              })
        }),
      )
      if (cache) {
        for (const i of misses) {
          const found = results[i]
          if (found) cache.store(scope.key, found.name, requests[i]!.version, found, at)
        }
      }
      return results
    }

    async function write(
      action: 'write' | 'rotate',
      name: string,
      value: string,
      opts: {
        accessor?: string
        reason?: string
        description?: string
        ifVersion?: number
        overlapMs?: number
      },
    ) {
      assertSecretName(name)
      assertOptionalString(opts.accessor, 'accessor', 256)
      assertOptionalString(opts.reason, 'reason', 1024)
      assertOptionalString(opts.description, 'description', 1024)
      if (
        opts.ifVersion !== undefined &&
        !(Number.isInteger(opts.ifVersion) && opts.ifVersion >= 0)
      ) {
        throw new InvalidArgumentError('ifVersion must be 0 (create only) or a version number')
      }
      const overlapMs = opts.overlapMs ?? defaultOverlapMs
      if (!Number.isFinite(overlapMs) || overlapMs < 0)
        throw new InvalidArgumentError('overlapMs must be 0 or more')
      const plain = encodeSecretValue(value, maxValueBytes)
      let payload: Uint8Array
      try {
        payload = cipher ? cipher.seal(plain, aadFor(scope, name)) : plain.slice()
      } finally {
        plain.fill(0) // best effort, see envelope-cipher
      }
      const limit = caps.maxPayloadBytes
      if (limit !== undefined && payload.length > limit) {
        throw new InvalidValueError(
          `Backend "${backend.name}" stores at most ${limit} bytes; this value needs ${payload.length}`,
        )
      }
      const ctx = { name, accessor: opts.accessor, reason: opts.reason }
      cache?.invalidate(scope.key, name)
      let version: number
      try {
        if (
          action === 'rotate' &&
          opts.ifVersion === undefined &&
          !(await backend.get(scope, name))
        ) {
          throw new SecretNotFoundError(name)
        }
        const info = await backend.put(scope, name, {
          payload,
          ...(opts.description === undefined ? {} : { description: opts.description }),
          createdBy: opts.accessor ?? null,
          previousExpiresAt: action === 'rotate' ? new Date(now().getTime() + overlapMs) : null,
          ...(opts.ifVersion === undefined ? {} : { ifVersion: opts.ifVersion }),
          requestId: globalThis.crypto.randomUUID(),
        })
        version = info.version
      } catch (err) {
        const { outcome, error } = classify(err, action)
        await audit.record([event(scope, action, outcome, { ...ctx, errorCode: error.code })])
        throw error
      } finally {
        cache?.invalidate(scope.key, name)
      }
      await recordApplied([event(scope, action, 'success', { ...ctx, version })])
      return { version }
    }

    /** Runs a metadata operation, auditing success and failure alike. */
    async function audited<T>(
      action: AuditAction,
      fields: { name?: string; accessor?: string; reason?: string },
      run: () => Promise<T>,
      describe: (result: T) => { outcome: AuditOutcome; count?: number },
    ): Promise<T> {
      let result: T
      try {
        result = await run()
      } catch (err) {
        const { outcome, error } = classify(err, action)
        await audit.record([event(scope, action, outcome, { ...fields, errorCode: error.code })])
        throw error
      }
      await audit.record([
        event(scope, action, describe(result).outcome, { ...fields, ...describe(result) }),
      ])
      return result
    }

    const handle: ScopedSecrets = {
      scope: scope.segments,

      async readMany(requests, ctx) {
        if (!Array.isArray(requests))
          throw new InvalidArgumentError('readMany expects an array of { name, version? }')
        const results = await readRecords(requests, ctx)
        return results.map((r) => (r ? { name: r.name, version: r.version, value: r.value } : null))
      },

      async get(name, opts) {
        const [found] = await readRecords(
          [{ name, ...(opts?.version === undefined ? {} : { version: opts.version }) }],
          opts,
        )
        if (!found) throw new SecretNotFoundError(name, opts.version)
        return found.value
      },

      async getMany(names, ctx) {
        if (!Array.isArray(names))
          throw new InvalidArgumentError('getMany expects an array of names')
        const unique = [...new Set(names)]
        const results = await readRecords(
          unique.map((name) => ({ name })),
          ctx,
        )
        const missing = unique.filter((_, i) => !results[i])
        if (missing.length > 0)
          throw new MissingSecretError(missing.map((name) => ({ name, paths: [] })))
        const out: Record<string, string> = Object.create(null)
        unique.forEach((name, i) => {
          out[name] = results[i]!.value
        })
        return out
      },

      async getActive(name, ctx) {
        const [current] = await readRecords([{ name }], ctx)
        if (!current) throw new SecretNotFoundError(name)
        const expiresAt = current.previousExpiresAt
        let previous: ActiveSecret['previous'] = null
        if (expiresAt && expiresAt.getTime() > now().getTime() && current.version > 1) {
          const [prior] = await readRecords([{ name, version: current.version - 1 }], ctx)
          if (prior) previous = { name, version: prior.version, value: prior.value, expiresAt }
        }
        return { current: { name, version: current.version, value: current.value }, previous }
      },

      set(name, value, opts = {}) {
        return write('write', name, value, opts)
      },

      rotate(name, value, opts = {}) {
        return write('rotate', name, value, opts)
      },

      async delete(name, opts = {}) {
        assertSecretName(name)
        assertOptionalString(opts.accessor, 'accessor', 256)
        cache?.invalidate(scope.key, name)
        return audited(
          'delete',
          { name, accessor: opts.accessor, reason: opts.reason },
          () => backend.delete(scope, name),
          (existed) => ({ outcome: existed ? 'success' : 'not_found' }),
        )
      },

      async list(opts = {}) {
        const checked = checkListOptions(opts)
        return audited(
          'list',
          { accessor: opts.accessor, reason: opts.reason },
          () => backend.list(scope, checked),
          (page) => ({ outcome: 'success', count: page.items.length }),
        )
      },

      async versions(name, opts = {}) {
        assertSecretName(name)
        return audited(
          'versions',
          { name, accessor: opts.accessor, reason: opts.reason },
          () => backend.versions(scope, name),
          (list) => ({ outcome: list.length > 0 ? 'success' : 'not_found', count: list.length }),
        )
      },

      invalidate(name) {
        cache?.invalidate(scope.key, name)
      },
    }
    return Object.freeze(
      Object.assign(handle, { [INSPECT]: () => `ScopedSecrets ${JSON.stringify(scope.segments)}` }),
    )
  }

  async function rekey(options: RekeyOptions = {}): Promise<RekeyResult> {
    const global = toScope({})
    const batchSize = positiveInteger(options.batchSize ?? 500, 'batchSize', 10_000)
    assertOptionalString(options.accessor, 'accessor', 256)
    if (!cipher) return { scanned: 0, rewrapped: 0, primaryKeyId: '', failed: [] }
    if (!backend.scan || !backend.replacePayloads) {
      throw new InvalidArgumentError(
        `Backend "${backend.name}" cannot walk its records (no scan/replacePayloads), so it cannot rekey`,
      )
    }
    const primary = cipher.keyring.primaryId
    let cursor: string | undefined = options.cursor
    let scanned = 0
    let rewrapped = 0
    const failed: RekeyFailure[] = []
    const fields = { accessor: options.accessor, reason: 'rekey' }
    try {
      do {
        if (options.signal?.aborted) {
          throw new AbortedError(
            `rekey was aborted after ${scanned} records (${rewrapped} rewrapped); run it again to resume`,
          )
        }
        const page = await backend.scan({
          limit: batchSize,
          ...(cursor === undefined ? {} : { cursor }),
        })
        const updates: PayloadUpdate[] = []
        for (const record of page.records) {
          try {
            if (cipher.keyIdOf(record.payload) === primary) continue
            updates.push({
              ...record,
              previous: record.payload,
              payload: cipher.rewrap(record.payload),
            })
          } catch (err) {
            if (!SecretsError.isInstance(err)) throw err
            failed.push({
              scopeKey: record.scopeKey,
              name: record.name,
              version: record.version,
              code: err.code,
            })
          }
        }
        if (updates.length > 0) rewrapped += await backend.replacePayloads(updates)
        scanned += page.records.length
        cursor = page.cursor ?? undefined
        options.onProgress?.({ scanned, rewrapped, failed: failed.length, cursor: page.cursor })
      } while (cursor !== undefined)
    } catch (err) {
      const { outcome, error } = classify(err, 'rekey')
      await audit.record([
        event(global, 'rekey', outcome, { ...fields, count: rewrapped, errorCode: error.code }),
      ])
      throw error
    }
    const outcome = failed.length === 0 ? 'success' : 'decryption_failed'
    await audit.record([event(global, 'rekey', outcome, { ...fields, count: rewrapped })])
    return { scanned, rewrapped, primaryKeyId: primary, failed }
  }

  const store: SecretStore = {
    backendName: backend.name,
    scope: (input: ScopeInput) => scopeHandle(toScope(input)),
    rekey,
    invalidateAll: () => cache?.clear(),
    close: async () => {
      cache?.clear()
      await backend.close?.()
    },
  }
  return Object.freeze(
    Object.assign(store, {
      [INSPECT]: () => `SecretStore { backend: '${backend.name}' }`,
      toJSON: () => ({ backend: backend.name }),
    }),
  )
}

function normaliseAudit(input: CreateSecretsOptions['audit']): AuditOptions | false {
  if (input === false) return false
  if (typeof input === 'function' || Array.isArray(input)) return { sinks: input as AuditSinkInput }
  if (input && typeof input === 'object' && 'sinks' in input) return input as AuditOptions
  return { sinks: input as AuditSinkInput }
}
