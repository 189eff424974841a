/**
 * `vaultBackendFromEnv`: the Vault backend configured by environment
 * variables, for `@secrets/env` and for applications that configure
 * themselves from the environment.
 * @module
 */
import { type EnvBackend, type EnvSource, InvalidArgumentError } from '@secrets/core'
import type { VaultClientLike } from './_context.js'
import { vaultBackend } from './vault-backend.js'

/**
 * Opens the Vault backend from environment variables:
 * - `VAULT_ADDR` (required), `VAULT_TOKEN` (required), `VAULT_NAMESPACE` (optional);
 * - `SECRETS_VAULT_MOUNT` (or `VAULT_MOUNT`), default `secret`;
 * - `SECRETS_VAULT_PREFIX` (or `VAULT_PATH_PREFIX`), default none;
 * - `SECRETS_VAULT_CLIENT_SIDE_ENCRYPTION=1` for client-side envelopes.
 *
 * Where both spellings are set they must agree. Needs the `node-vault` package.
 * @throws {InvalidArgumentError} naming the variable that is missing or invalid (never its value)
 * @example
 * ```ts
 * const { backend, close } = await vaultBackendFromEnv(process.env)
 * ```
 */
export async function vaultBackendFromEnv(env: EnvSource = process.env): Promise<EnvBackend> {
  const endpoint = required(env, 'VAULT_ADDR')
  if (!/^https?:\/\/[^\s/]+/.test(endpoint)) {
    throw new InvalidArgumentError('VAULT_ADDR must be a URL such as https://vault.example:8200')
  }
  const token = required(env, 'VAULT_TOKEN')
  const namespace = env.VAULT_NAMESPACE || undefined
  const mount = aliased(env, 'SECRETS_VAULT_MOUNT', 'VAULT_MOUNT') ?? 'secret'
  const prefix = aliased(env, 'SECRETS_VAULT_PREFIX', 'VAULT_PATH_PREFIX') ?? ''
  const clientSide = env.SECRETS_VAULT_CLIENT_SIDE_ENCRYPTION
  if (clientSide !== undefined && !['', '0', '1', 'true', 'false'].includes(clientSide)) {
    throw new InvalidArgumentError('SECRETS_VAULT_CLIENT_SIDE_ENCRYPTION must be 1 or 0')
  }
  let factory: (options: object) => VaultClientLike
  try {
    const imported = (await import('node-vault')) as { default?: unknown }
    factory = (imported.default ?? imported) as typeof factory
  } catch {
    throw new InvalidArgumentError(
      'SECRETS_BACKEND=hashicorp-vault needs the node-vault package: npm install node-vault',
    )
  }
  const client = factory({ endpoint, token, ...(namespace ? { namespace } : {}) })
  const backend = vaultBackend({
    client,
    mount,
    prefix: prefix.replace(/^\/+|\/+$/g, ''),
    clientSideEncryption: clientSide === '1' || clientSide === 'true',
  })
  return { backend, close: async () => {} }
}

function required(env: EnvSource, name: string): string {
  const value = env[name]
  if (value === undefined || value === '') {
    throw new InvalidArgumentError(`${name} is not set: the Vault backend needs it`)
  }
  return value
}

function aliased(env: EnvSource, name: string, alias: string): string | undefined {
  const a = env[name] || undefined
  const b = env[alias] || undefined
  if (a !== undefined && b !== undefined && a !== b) {
    throw new InvalidArgumentError(`${name} and ${alias} are both set and disagree: set one`)
  }
  return a ?? b
}
