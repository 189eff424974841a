/**
 * @secrets/gcp-secret-manager: a `SecretBackend` for `@secrets/core` over
 * Google Cloud Secret Manager, in native mode (GCP encrypts at rest) or with
 * client-side envelope encryption.
 * @module
 */
export type {
  AccessResponse,
  ReplicationInput,
  SecretInput,
  SecretManagerClientLike,
  SecretMessage,
  SecretVersionMessage,
} from './_client.js'
export type { GcpDeletion } from './_context.js'
export {
  type GcpSecretManagerBackendOptions,
  gcpSecretManagerBackend,
} from './gcp-secret-manager-backend.js'
export { gcpSecretManagerBackendFromEnv } from './gcp-secret-manager-backend-from-env.js'
export { decodeSecretId, encodeSecretId } from './secret-id.js'
