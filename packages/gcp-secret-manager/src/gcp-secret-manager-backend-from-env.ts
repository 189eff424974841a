/**
 * `gcpSecretManagerBackendFromEnv`: the Secret Manager backend configured by
 * environment variables, for `@secrets/env` and for applications that
 * configure themselves from the environment.
 * @module
 */
import { type EnvBackend, type EnvSource, InvalidArgumentError } from '@secrets/core'
import type { SecretManagerClientLike } from './_client.js'
import {
  checkLocation,
  checkProject,
  gcpSecretManagerBackend,
} from './gcp-secret-manager-backend.js'

/** What this function needs of `@google-cloud/secret-manager`. */
interface SecretManagerModule {
  SecretManagerServiceClient: new (options?: {
    apiEndpoint?: string
  }) => SecretManagerClientLike & { close(): Promise<void> }
}

/**
 * Opens the Secret Manager backend from environment variables:
 * - `GOOGLE_CLOUD_PROJECT` (or `GCP_PROJECT_ID`), required;
 * - `SECRETS_GCP_PREFIX` (or `GCP_SECRET_PREFIX`), default none;
 * - `SECRETS_GCP_LOCATION`: a region for regional secrets (the client then
 *   uses `secretmanager.<region>.rep.googleapis.com`);
 * - `SECRETS_GCP_CLIENT_SIDE_ENCRYPTION=1` for client-side envelopes.
 *
 * Where both spellings are set they must agree. Credentials are the
 * client's own: Application Default Credentials. Needs the
 * `@google-cloud/secret-manager` package. `close()` closes the client.
 * @throws {InvalidArgumentError} naming the variable that is missing or invalid (never its value)
 * @example
 * ```ts
 * const { backend, close } = await gcpSecretManagerBackendFromEnv(process.env)
 * ```
 */
export async function gcpSecretManagerBackendFromEnv(
  env: EnvSource = process.env,
): Promise<EnvBackend> {
  const project = aliased(env, 'GOOGLE_CLOUD_PROJECT', 'GCP_PROJECT_ID')
  if (project === undefined) {
    throw new InvalidArgumentError(
      'GOOGLE_CLOUD_PROJECT (or GCP_PROJECT_ID) is not set: the GCP Secret Manager backend needs the project id',
    )
  }
  checkProject(project, 'GOOGLE_CLOUD_PROJECT (or GCP_PROJECT_ID)')
  const prefix = aliased(env, 'SECRETS_GCP_PREFIX', 'GCP_SECRET_PREFIX') ?? ''
  const location = env.SECRETS_GCP_LOCATION || undefined
  if (location !== undefined) checkLocation(location, 'SECRETS_GCP_LOCATION')
  const clientSide = env.SECRETS_GCP_CLIENT_SIDE_ENCRYPTION
  if (clientSide !== undefined && !['', '0', '1', 'true', 'false'].includes(clientSide)) {
    throw new InvalidArgumentError('SECRETS_GCP_CLIENT_SIDE_ENCRYPTION must be 1 or 0')
  }
  let imported: SecretManagerModule
  try {
    imported = (await import('@google-cloud/secret-manager')) as unknown as SecretManagerModule
  } catch (cause) {
    const code = (cause as { code?: unknown } | null)?.code
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw cause
    throw new InvalidArgumentError(
      'The GCP Secret Manager backend needs the @google-cloud/secret-manager package: npm install @google-cloud/secret-manager',
    )
  }
  // Building the client makes no request: a bad setting below closes it unused.
  const client = new imported.SecretManagerServiceClient(
    location === undefined ? {} : { apiEndpoint: `secretmanager.${location}.rep.googleapis.com` },
  )
  try {
    const backend = gcpSecretManagerBackend({
      client,
      project,
      prefix: prefix.replace(/^\/+|\/+$/g, ''),
      ...(location === undefined ? {} : { location }),
      clientSideEncryption: clientSide === '1' || clientSide === 'true',
    })
    return { backend, close: () => client.close() }
  } catch (error) {
    await client.close()
    // Project and location were checked above: what is left is the prefix.
    if (!InvalidArgumentError.isInstance(error)) throw error
    throw new InvalidArgumentError(`SECRETS_GCP_PREFIX (or GCP_SECRET_PREFIX): ${error.message}`)
  }
}

function aliased(env: EnvSource, name: string, alias: string): string | undefined {
  const a = env[name] || undefined
  const b = env[alias] || undefined
  if (a !== undefined && b !== undefined && a !== b) {
    throw new InvalidArgumentError(`${name} and ${alias} are both set and disagree: set one`)
  }
  return a ?? b
}
