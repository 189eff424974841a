/**
 * `awsSecretsManagerBackend`: a `SecretBackend` over AWS Secrets Manager.
 * The design (naming, versions, compare-and-set, costs) is documented in
 * docs/backends/aws-secrets-manager.md.
 * @module
 */
import { bindBackend, InvalidArgumentError, type SecretBackend } from '@secrets/core'
import type { BackendContext, SecretsManagerClientLike } from './_context.js'
import { deleteSecret } from './_delete.js'
import { list, versions } from './_listing.js'
import { compileNameMapper, DEFAULT_NAME_TEMPLATE } from './_name-mapper.js'
import { MAX_SECRET_BYTES } from './_payload.js'
import { put } from './_put.js'
import { get, getMany } from './_reads.js'

/** How `delete` removes a secret. */
export type AwsDeletionOptions =
  | {
      /**
       * Days AWS keeps a deleted secret restorable (7 to 30). A later `put` of
       * the same name purges it first: the name then means a new secret.
       */
      recoveryWindowInDays: number
      force?: false
    }
  | {
      /** Delete at once, without recovery. */
      force: true
    }

/** Options of {@link awsSecretsManagerBackend}. */
export interface AwsSecretsManagerBackendOptions {
  /**
   * A client you own and configure (region, credentials, endpoint). The
   * backend only calls `send`, and never destroys it.
   */
  client: SecretsManagerClientLike
  /**
   * Path segments put before every AWS secret name, such as `myapp/prod`.
   * @default '' (none)
   */
  prefix?: string
  /**
   * How (scope, name) becomes the rest of the AWS name: `/`-separated
   * segments, each a literal, `{scope}` (every scope segment as `key=value`),
   * `{<scope key>}` (that segment's value; the scope must then have exactly
   * the template's keys) or `{name}` (last). Scope values are escaped to one
   * path segment. With the default, prefix `''` and the scope `{}`, a secret
   * is read by its own AWS name (`prod/db/password`).
   * @default '{scope}/{name}'
   */
  nameTemplate?: string
  /**
   * Seal values client-side: the store encrypts each value into an envelope
   * (needs a keyring) and AWS only ever stores that envelope, as SecretBinary.
   * @default false (AWS keeps the value as SecretString and encrypts it with KMS)
   */
  clientSideEncryption?: boolean
  /**
   * How `delete` removes a secret.
   * @default { recoveryWindowInDays: 30 }
   */
  deletion?: AwsDeletionOptions
  /**
   * The backend's name in messages and audit events.
   * @default 'aws-secrets-manager'
   */
  name?: string
}

/**
 * Creates a backend that keeps secrets in AWS Secrets Manager.
 * @throws {InvalidArgumentError} for a missing client or a bad prefix, template or deletion option
 * @example
 * ```ts
 * import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
 * const backend = awsSecretsManagerBackend({
 *   client: new SecretsManagerClient({ region: 'eu-west-1' }),
 *   prefix: 'myapp',
 * })
 * const secrets = createSecrets({ backend, audit: jsonLinesAuditSink(process.stdout) })
 * await secrets.scope({ tenant: 'acme' }).get('STRIPE_KEY', { accessor: 'billing' })
 * ```
 */
export function awsSecretsManagerBackend(options: AwsSecretsManagerBackendOptions): SecretBackend {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('awsSecretsManagerBackend needs an options object')
  }
  const { client, prefix = '', nameTemplate = DEFAULT_NAME_TEMPLATE } = options
  if (typeof client?.send !== 'function') {
    throw new InvalidArgumentError(
      'awsSecretsManagerBackend needs `client`: pass client: new SecretsManagerClient({ region })',
    )
  }
  const envelope = options.clientSideEncryption ?? false
  if (typeof envelope !== 'boolean') {
    throw new InvalidArgumentError('clientSideEncryption must be true or false')
  }
  const label = options.name ?? 'aws-secrets-manager'
  if (typeof label !== 'string' || label.length === 0) {
    throw new InvalidArgumentError('name must be a non-empty string')
  }
  const ctx: BackendContext = Object.freeze({
    client,
    mapper: compileNameMapper(prefix, nameTemplate),
    envelope,
    deletion: deletionPolicy(options.deletion),
    label,
  })
  return bindBackend(
    ctx,
    label,
    {
      envelope,
      encryptsAtRest: true,
      batch: true,
      cas: true,
      versions: true,
      maxPayloadBytes: MAX_SECRET_BYTES,
    },
    { getMany, get, put, delete: deleteSecret, list, versions },
  )
}

function deletionPolicy(deletion: AwsDeletionOptions | undefined): BackendContext['deletion'] {
  if (deletion === undefined) return Object.freeze({ force: false, recoveryWindowInDays: 30 })
  if (typeof deletion !== 'object' || deletion === null) {
    throw new InvalidArgumentError(
      'deletion must be { recoveryWindowInDays: 7..30 } or { force: true }',
    )
  }
  if (deletion.force === true) return Object.freeze({ force: true, recoveryWindowInDays: 0 })
  const days = deletion.recoveryWindowInDays
  if (!Number.isInteger(days) || days < 7 || days > 30) {
    throw new InvalidArgumentError('deletion.recoveryWindowInDays must be an integer from 7 to 30')
  }
  return Object.freeze({ force: false, recoveryWindowInDays: days })
}
