/**
 * The handle on one scope that application code uses: reads through the read
 * path, changes through the write path, metadata operations audited alike.
 * Internal.
 * @module
 */
import type { AuditAction, AuditOutcome } from '../audit/audit-event.js'
import type { Scope } from '../backend/scope.js'
import { assertSecretName } from '../backend/validation.js'
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import { MissingSecretError } from '../errors/missing-secret-error.js'
import { SecretNotFoundError } from '../errors/secret-not-found-error.js'
import type { EventFields } from './_audit-events.js'
import { checkContext, checkListOptions } from './_checks.js'
import { readRecords } from './_read-path.js'
import { rewrapSecret } from './_rewrap.js'
import type { StoreContext } from './_store-context.js'
import { deleteSecret, writeValue } from './_write-path.js'
import type { ActiveSecret, ScopedSecrets } from './types.js'

const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/** Builds the handle on one validated scope. */
export function scopeHandle(store: StoreContext, scope: Scope): ScopedSecrets {
  const { backend, cache, audit } = store

  /** Runs a metadata operation, auditing success and failure alike. */
  async function audited<T>(
    action: AuditAction,
    fields: EventFields,
    run: () => Promise<T>,
    describe: (result: T) => { outcome: AuditOutcome; count?: number },
  ): Promise<T> {
    let result: T
    try {
      result = await run()
    } catch (err) {
      throw await audit.recordFailure(scope, action, err, fields)
    }
    await audit.record([
      audit.event(scope, action, describe(result).outcome, { ...fields, ...describe(result) }),
    ])
    return result
  }

  const handle: ScopedSecrets = {
    scope: scope.segments,

    async readMany(requests, ctx) {
      if (!Array.isArray(requests))
        throw new InvalidArgumentError('readMany expects an array of { name, version? }')
      const results = await readRecords(store, scope, requests, ctx)
      return results.map((r) => (r ? { name: r.name, version: r.version, value: r.value } : null))
    },

    async get(name, opts) {
      const version = (opts as { version?: number } | undefined)?.version
      const [found] = await readRecords(
        store,
        scope,
        [version === undefined ? { name } : { name, version }],
        opts,
      )
      if (!found) throw new SecretNotFoundError(name, version)
      return found.value
    },

    async getMany(names, ctx) {
      if (!Array.isArray(names)) throw new InvalidArgumentError('getMany expects an array of names')
      const unique = [...new Set(names)]
      const results = await readRecords(
        store,
        scope,
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
      const [current] = await readRecords(store, scope, [{ name }], ctx)
      if (!current) throw new SecretNotFoundError(name)
      const expiresAt = current.previousExpiresAt
      let previous: ActiveSecret['previous'] = null
      if (expiresAt && expiresAt.getTime() > store.now().getTime() && current.version > 1) {
        const [prior] = await readRecords(
          store,
          scope,
          [{ name, version: current.version - 1 }],
          ctx,
        )
        if (prior) previous = { name, version: prior.version, value: prior.value, expiresAt }
      }
      return { current: { name, version: current.version, value: current.value }, previous }
    },

    set: (name, value, opts = {}) => writeValue(store, scope, 'write', name, value, opts),

    rotate: (name, value, opts = {}) => writeValue(store, scope, 'rotate', name, value, opts),

    delete: (name, opts) => deleteSecret(store, scope, name, opts),

    rewrap: (name, opts) => rewrapSecret(store, scope, name, opts),

    async list(opts = {}) {
      checkContext(opts, 'Lists', store.requireAccessor)
      const checked = checkListOptions(opts)
      return audited(
        'list',
        { accessor: opts.accessor, reason: opts.reason },
        () => backend.list(scope, checked),
        (page) => ({ outcome: 'success', count: page.items.length }),
      )
    },

    async versions(name, opts) {
      assertSecretName(name)
      checkContext(opts, 'Version listings', store.requireAccessor)
      return audited(
        'versions',
        { name, accessor: opts?.accessor, reason: opts?.reason },
        () => backend.versions(scope, name),
        (list) => ({ outcome: list.length > 0 ? 'success' : 'not_found', count: list.length }),
      )
    },

    invalidate(name) {
      assertSecretName(name)
      cache?.invalidate(scope.key, name)
    },
  }
  return Object.freeze(
    Object.assign(handle, { [INSPECT]: () => `ScopedSecrets ${JSON.stringify(scope.segments)}` }),
  )
}
