/**
 * @secrets/env: one validated start-up configuration for @secrets. The
 * backend, master keys, audit sinks and cache come from environment
 * variables, validated all at once (docs/configuration.md lists them).
 * @module
 */
export type { AdapterLoader, AdapterPackage } from './_backends.js'
export type { AuditTarget } from './_schema.js'
export {
  createSecretsFromEnv,
  type SecretsEnvOverrides,
  type SecretsFromEnv,
} from './create-secrets-from-env.js'
export { type EnvIssue, InvalidEnvironmentError } from './invalid-environment-error.js'
export { loadSecretsEnv, type SecretsEnvConfig } from './load-secrets-env.js'

import { BACKENDS } from './_backends.js'

/** The names `SECRETS_BACKEND` accepts (aliases aside). */
export const BACKEND_NAMES: readonly string[] = Object.freeze(BACKENDS.map((b) => b.name))
