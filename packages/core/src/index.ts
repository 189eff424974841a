/**
 * @secrets/core: envelope-encrypted, scoped, audited, rotatable application secrets.
 * @module
 */

export * from './audit/index.js'
export {
  type MemoryBackend,
  type MemoryBackendOptions,
  memoryBackend,
} from './backend/memory-backend.js'
export { type Scope, type ScopeInput, toScope } from './backend/scope.js'
export type * from './backend/secret-backend.js'
export {
  assertSecretName,
  DEFAULT_MAX_VALUE_BYTES,
  SECRET_NAME_PATTERN,
} from './backend/validation.js'
export * from './backend-kit/index.js'
export * from './crypto/index.js'
export * from './errors/index.js'
export * from './resolver/index.js'
export { createSecrets } from './store/create-secrets.js'
export type * from './store/types.js'
