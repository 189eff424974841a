/**
 * @secrets/vault: a HashiCorp Vault / OpenBao KV version 2 backend for
 * @secrets/core, through node-vault.
 * @module
 */
export type { VaultClientLike, VaultRequest } from './_context.js'
export { type VaultBackendOptions, vaultBackend } from './vault-backend.js'
export { vaultBackendFromEnv } from './vault-backend-from-env.js'
