/**
 * The read path: cache, one batched backend call, decryption, one audit
 * batch, and only then the values (fail-closed). Internal.
 * @module
 */
import type { AuditAction, AuditEvent } from '../audit/audit-event.js'
import { _RECORDED } from '../audit/audit-sink.js'
import type { Scope } from '../backend/scope.js'
import type { RecordKey, SecretRecord } from '../backend/secret-backend.js'
import { assertSecretName } from '../backend/validation.js'
import { BackendError } from '../errors/backend-error.js'
import type { SecretsError } from '../errors/secrets-error.js'
import { assertVersion, checkContext } from './_checks.js'
import type { StoreContext } from './_store-context.js'
import type { AccessContext, SecretRequest, SecretValue } from './types.js'

/** A value read, with the overlap window its version carries. */
export type ReadResult = SecretValue & { previousExpiresAt: Date | null }

/**
 * Reads a batch: one backend call for every request the cache cannot answer,
 * one audit batch for all of them, values returned only once it is recorded.
 * @returns one entry per request, null where the secret is absent
 */
export async function readRecords(
  store: StoreContext,
  scope: Scope,
  requests: readonly SecretRequest[],
  ctx: AccessContext,
  action: AuditAction = 'read',
): Promise<Array<ReadResult | null>> {
  checkContext(ctx, 'Reads', true)
  for (const r of requests) {
    assertSecretName(r?.name)
    if (r.version !== undefined) assertVersion(r.version)
  }
  const { backend, cache, audit } = store
  const time = store.now()
  const at = time.getTime()
  const results: Array<ReadResult | null> = new Array(requests.length).fill(null)
  const misses: number[] = []
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i]!
    const hit = cache?.lookup(scope.key, r.name, r.version, at)
    if (hit?.fresh) results[i] = { name: r.name, ...hit.entry }
    else misses.push(i)
  }
  const ticket = cache?.ticket() ?? 0
  if (misses.length > 0) {
    let records: Array<SecretRecord | null>
    try {
      records = await backend.getMany(
        scope,
        misses.map((i) => keyOf(requests[i]!)),
      )
      if (!Array.isArray(records) || records.length !== misses.length) {
        throw new BackendError(
          `Backend "${backend.name}" returned ${records?.length} results for ${misses.length} keys`,
        )
      }
    } catch (cause) {
      const stale = misses.map((i) =>
        cache?.lookup(scope.key, requests[i]!.name, requests[i]!.version, at),
      )
      if (!stale.every((h) => h !== undefined)) {
        const { error } = audit.classify(cause, 'read')
        await audit.record(
          misses.map((i) =>
            audit.event(scope, action, 'error', {
              ...fieldsOf(requests[i]!, ctx),
              errorCode: error.code,
            }),
          ),
        )
        throw error
      }
      misses.forEach((i, j) => {
        results[i] = { name: requests[i]!.name, ...stale[j]!.entry }
      })
      records = []
    }
    const failures: AuditEvent[] = []
    let firstFailure: SecretsError | undefined
    for (let j = 0; j < records.length; j++) {
      const record = records[j]
      if (!record) continue
      const i = misses[j]!
      try {
        results[i] = {
          name: record.name,
          version: record.version,
          value: store.codec.open(scope.key, record),
          previousExpiresAt: record.previousExpiresAt,
        }
      } catch (err) {
        const { outcome, error } = audit.classify(err, 'decrypt')
        firstFailure ??= error
        failures.push(
          audit.event(scope, action, outcome, {
            ...fieldsOf(requests[i]!, ctx),
            version: record.version,
            errorCode: error.code,
          }),
        )
      }
    }
    if (firstFailure) {
      await audit.record(failures)
      throw firstFailure
    }
  }
  const events: AuditEvent[] = new Array(requests.length)
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i]!
    const found = results[i]
    // Object literals, not spreads: this runs on every read.
    events[i] = found
      ? audit.event(scope, action, 'success', {
          time,
          name: r.name,
          version: found.version,
          accessor: ctx.accessor,
          reason: ctx.reason,
          usedAt: r.usedAt,
        })
      : audit.event(scope, action, 'not_found', {
          time,
          name: r.name,
          version: r.version,
          accessor: ctx.accessor,
          reason: ctx.reason,
          usedAt: r.usedAt,
          errorCode: 'SECRET_NOT_FOUND',
        })
  }
  const recorded = audit.record(events)
  if (recorded !== _RECORDED) await recorded // a microtask saved when a sink acknowledged at once
  if (cache) {
    for (const i of misses) {
      const found = results[i]
      if (found) cache.store(scope.key, found.name, requests[i]!.version, found, at, ticket)
    }
  }
  return results
}

/** The event fields of a failed read. */
function fieldsOf(r: SecretRequest, ctx: AccessContext) {
  return { name: r.name, accessor: ctx.accessor, reason: ctx.reason, usedAt: r.usedAt }
}

function keyOf(r: SecretRequest): RecordKey {
  return r.version === undefined ? { name: r.name } : { name: r.name, version: r.version }
}
