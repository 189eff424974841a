/**
 * `awsSecretsManagerBackendFromEnv`: the AWS backend configured by
 * environment variables, for `@secrets/env` and for applications that
 * configure themselves from the environment.
 * @module
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { type EnvBackend, type EnvSource, InvalidArgumentError } from '@secrets/core'
import { awsSecretsManagerBackend } from './aws-secrets-manager-backend.js'

/**
 * Opens the AWS Secrets Manager backend from environment variables:
 * - `AWS_REGION` (or `AWS_DEFAULT_REGION`), required; credentials, profiles and
 *   `AWS_ENDPOINT_URL_SECRETS_MANAGER` are the SDK's own variables, read by the SDK;
 * - `SECRETS_AWS_PREFIX`: path segments before every AWS name, default none;
 * - `SECRETS_AWS_CLIENT_SIDE_ENCRYPTION=1` for client-side envelopes.
 *
 * @throws {InvalidArgumentError} naming the variable that is missing or invalid
 * @example
 * ```ts
 * const { backend, close } = await awsSecretsManagerBackendFromEnv(process.env)
 * ```
 */
export function awsSecretsManagerBackendFromEnv(env: EnvSource = process.env): Promise<EnvBackend> {
  return Promise.resolve().then(() => open(env))
}

function open(env: EnvSource): EnvBackend {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION
  if (!region) {
    throw new InvalidArgumentError(
      'AWS_REGION is not set: the AWS Secrets Manager backend needs it',
    )
  }
  const clientSide = env.SECRETS_AWS_CLIENT_SIDE_ENCRYPTION
  if (clientSide !== undefined && !['', '0', '1', 'true', 'false'].includes(clientSide)) {
    throw new InvalidArgumentError('SECRETS_AWS_CLIENT_SIDE_ENCRYPTION must be 1 or 0')
  }
  const client = new SecretsManagerClient({ region })
  const backend = awsSecretsManagerBackend({
    client,
    prefix: (env.SECRETS_AWS_PREFIX ?? '').replace(/^\/+|\/+$/g, ''),
    clientSideEncryption: clientSide === '1' || clientSide === 'true',
  })
  return {
    backend,
    close: async () => client.destroy(),
  }
}
