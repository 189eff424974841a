/**
 * @secrets/aws-secrets-manager: a `SecretBackend` for `@secrets/core` over AWS
 * Secrets Manager, in native mode (AWS encrypts with KMS) or with client-side
 * envelope encryption.
 * @module
 */
export type { SecretsManagerClientLike } from './_context.js'
export {
  type AwsDeletionOptions,
  type AwsSecretsManagerBackendOptions,
  awsSecretsManagerBackend,
} from './aws-secrets-manager-backend.js'
export { awsSecretsManagerBackendFromEnv } from './aws-secrets-manager-backend-from-env.js'
