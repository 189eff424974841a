/**
 * `bindBackend`: a `SecretBackend` object from operations that take a shared
 * context first, which is how every adapter of this repository is written.
 * @module
 */
import type { Scope } from '../backend/scope.js'
import type {
  BackendCapabilities,
  ListOptions,
  ListPage,
  PutInput,
  RecordKey,
  SecretBackend,
  SecretRecord,
  VersionInfo,
} from '../backend/secret-backend.js'

/** The required operations of a backend, each taking the adapter's context first. */
export interface BackendOperations<C> {
  getMany(ctx: C, scope: Scope, keys: readonly RecordKey[]): Promise<Array<SecretRecord | null>>
  get(ctx: C, scope: Scope, name: string, version?: number): Promise<SecretRecord | null>
  put(ctx: C, scope: Scope, name: string, input: PutInput): Promise<VersionInfo>
  delete(ctx: C, scope: Scope, name: string): Promise<boolean>
  list(ctx: C, scope: Scope, options: ListOptions): Promise<ListPage>
  versions(ctx: C, scope: Scope, name: string): Promise<VersionInfo[]>
}

/**
 * Binds operations to their context as a `v2` backend. The capabilities are
 * frozen; the backend object is not, so that wrappers such as
 * `countingBackend` can proxy it.
 * @param name the backend's name in messages and audit events
 * @example
 * ```ts
 * return bindBackend(ctx, 'vault', { envelope, encryptsAtRest: true, batch: false, cas: true, versions: true },
 *   { getMany, get, put, delete: deleteSecret, list, versions })
 * ```
 */
export function bindBackend<C>(
  ctx: C,
  name: string,
  capabilities: BackendCapabilities,
  operations: BackendOperations<C>,
): SecretBackend {
  const ops = operations
  return {
    specificationVersion: 'v2',
    name,
    capabilities: Object.freeze({ ...capabilities }),
    getMany: (scope, keys) => ops.getMany(ctx, scope, keys),
    get: (scope, secretName, version) => ops.get(ctx, scope, secretName, version),
    put: (scope, secretName, input) => ops.put(ctx, scope, secretName, input),
    delete: (scope, secretName) => ops.delete(ctx, scope, secretName),
    list: (scope, options) => ops.list(ctx, scope, options),
    versions: (scope, secretName) => ops.versions(ctx, scope, secretName),
  }
}
