/**
 * `createSecrets`: binds a backend, a keyring, audit sinks and an optional
 * cache, and hands out scoped handles.
 *
 * Every read is audited before its value is returned (fail-closed by default).
 * Values are sealed with the scope key, name and version number as associated
 * data, so a record copied to another scope, name or version fails to decrypt.
 *
 * The parts: `_store-context.ts` (options, shared state), `_read-path.ts`,
 * `_write-path.ts`, `_scope-handle.ts`, `_rekey.ts` (store-wide walks),
 * `_audit-events.ts` and `_value-codec.ts` (payloads and their AAD).
 * @module
 */
import { type ScopeInput, toScope } from '../backend/scope.js'
import { keyUsage, rekey } from './_rekey.js'
import { scopeHandle } from './_scope-handle.js'
import { createStoreContext } from './_store-context.js'
import type { CreateSecretsOptions, SecretStore } from './types.js'

const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/**
 * Creates a secret store.
 * @throws {InvalidArgumentError} for a malformed backend or options, or a keyring from another copy of the library
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
  const ctx = createStoreContext(options)
  const { backend, cache } = ctx
  const store: SecretStore = {
    backendName: backend.name,
    scope: (input: ScopeInput) => scopeHandle(ctx, toScope(input)),
    rekey: (opts) => rekey(ctx, opts),
    keyUsage: (opts) => keyUsage(ctx, opts),
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
