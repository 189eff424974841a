/**
 * `gcpSecretManagerBackend`: a `SecretBackend` over Google Cloud Secret
 * Manager, through a `SecretManagerServiceClient` you own. The design
 * (secret ids, metadata, compare-and-set, costs, what can race) is
 * documented in docs/backends/gcp-secret-manager.md and in the modules:
 * secret-id.ts (ids), _metadata.ts (annotations and labels), _put.ts
 * (version numbers and compare-and-set), _reads.ts, _listing.ts, _delete.ts.
 * @module
 */
import {
  bindBackend,
  compilePathNaming,
  DEFAULT_PATH_TEMPLATE,
  InvalidArgumentError,
  parseServiceOptions,
  type SecretBackend,
} from '@secrets/core'
import type { SecretManagerClientLike } from './_client.js'
import type { BackendContext, GcpDeletion } from './_context.js'
import { deleteSecret } from './_delete.js'
import { list, versions } from './_listing.js'
import { MAX_PAYLOAD_BYTES } from './_payload.js'
import { put } from './_put.js'
import { get, getMany } from './_reads.js'

/** Options of {@link gcpSecretManagerBackend}. */
export interface GcpSecretManagerBackendOptions {
  /**
   * A `SecretManagerServiceClient` you own and configure (credentials,
   * endpoint, retries). The backend never closes it. For regional secrets
   * (`location`), build it with the regional endpoint:
   * `new SecretManagerServiceClient({ apiEndpoint: 'secretmanager.europe-west1.rep.googleapis.com' })`.
   */
  client: SecretManagerClientLike
  /** The Google Cloud project id (or number) that holds the secrets. */
  project: string
  /**
   * Path segments put before every path, such as `myapp/prod` (segments of
   * `A-Z a-z 0-9 _ - =`).
   * @default '' (none)
   */
  prefix?: string
  /**
   * How (scope, name) becomes the rest of the path: `/`-separated segments,
   * each a literal, `{scope}` (every scope segment as `key=value`),
   * `{<scope key>}` (that segment's value; the scope must then have exactly
   * the template's keys) or `{name}` (last). The path is then encoded into
   * a secret id (see `encodeSecretId`). With the default, prefix `''` and the
   * scope `{}`, a secret is read by its own id (`DB_PASSWORD`).
   * @default '{scope}/{name}'
   */
  nameTemplate?: string
  /**
   * A region for regional secrets (`projects/{p}/locations/{l}/secrets/{id}`,
   * stored in that region only, no replication policy). The client must use
   * the regional endpoint `secretmanager.<location>.rep.googleapis.com`.
   * @default undefined (global secrets)
   */
  location?: string
  /**
   * Where GCP replicates the secrets this backend creates (global secrets
   * only): `'automatic'`, or `{ userManaged: ['europe-west1', 'europe-west4'] }`.
   * @default 'automatic'
   */
  replication?: 'automatic' | { userManaged: readonly string[] }
  /**
   * Seal values client-side: the store encrypts each value into an envelope
   * (needs a keyring) and GCP only ever stores that envelope.
   * @default false (GCP keeps the value's UTF-8 text, encrypted at rest by Google)
   */
  clientSideEncryption?: boolean
  /**
   * How `delete` removes a secret: `'delete'` deletes the secret resource
   * with every version; `'destroy-versions'` destroys every version and
   * keeps the resource (labels, replication, IAM bindings).
   * @default 'delete'
   */
  deletion?: GcpDeletion
  /**
   * RPCs in flight at once for `getMany`, listings and deletes (Secret Manager has no batch read).
   * @default 16
   */
  concurrency?: number
  /**
   * The backend's name in messages and audit events.
   * @default 'gcp-secret-manager'
   */
  name?: string
}

const CLIENT_METHODS = [
  'getSecret',
  'createSecret',
  'updateSecret',
  'deleteSecret',
  'listSecrets',
  'addSecretVersion',
  'accessSecretVersion',
  'listSecretVersions',
  'disableSecretVersion',
  'destroySecretVersion',
] as const
const PROJECT = /^(?:(?:[a-z0-9-]+\.)*[a-z0-9-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$|^[0-9]{1,20}$/
const LOCATION = /^[a-z][a-z0-9-]{1,62}$/

/**
 * Creates a backend that keeps secrets in Google Cloud Secret Manager.
 * @throws {InvalidArgumentError} for a missing client or a bad project, location, prefix, template or option
 * @example
 * ```ts
 * import { SecretManagerServiceClient } from '@google-cloud/secret-manager'
 * const backend = gcpSecretManagerBackend({
 *   client: new SecretManagerServiceClient(),
 *   project: 'my-project',
 *   prefix: 'myapp',
 * })
 * const secrets = createSecrets({ backend, audit: jsonLinesAuditSink(process.stdout) })
 * await secrets.scope({ tenant: 'acme' }).get('STRIPE_KEY', { accessor: 'billing' })
 * ```
 */
export function gcpSecretManagerBackend(options: GcpSecretManagerBackendOptions): SecretBackend {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('gcpSecretManagerBackend needs an options object')
  }
  const { client, project, location, prefix = '', nameTemplate = DEFAULT_PATH_TEMPLATE } = options
  const missing = CLIENT_METHODS.find((m) => typeof client?.[m] !== 'function')
  if (missing !== undefined) {
    throw new InvalidArgumentError(
      `gcpSecretManagerBackend needs \`client\` (it lacks ${missing}()): pass client: new SecretManagerServiceClient() from '@google-cloud/secret-manager'`,
    )
  }
  checkProject(project, 'project')
  if (location !== undefined) checkLocation(location, 'location')
  const { envelope, concurrency, label } = parseServiceOptions(options, 'gcp-secret-manager')
  const deletion = options.deletion ?? 'delete'
  if (deletion !== 'delete' && deletion !== 'destroy-versions') {
    throw new InvalidArgumentError('deletion must be "delete" or "destroy-versions"')
  }
  const ctx: BackendContext = Object.freeze({
    client,
    parent:
      location === undefined ? `projects/${project}` : `projects/${project}/locations/${location}`,
    naming: compilePathNaming(prefix, nameTemplate, {
      service: 'GCP',
      literalChars: 'A-Za-z0-9_-',
      maxLength: 1000,
    }),
    replication: replicationOf(options.replication, location),
    envelope,
    deletion,
    concurrency,
    label,
    writes: new Map(),
  })
  return bindBackend(
    ctx,
    label,
    {
      envelope,
      encryptsAtRest: true,
      batch: false,
      cas: true,
      versions: true,
      maxPayloadBytes: MAX_PAYLOAD_BYTES,
    },
    { getMany, get, put, delete: deleteSecret, list, versions },
  )
}

/** The checked replication: 'automatic', a frozen list of regions, or undefined for regional secrets. */
function replicationOf(
  replication: GcpSecretManagerBackendOptions['replication'],
  location: string | undefined,
): BackendContext['replication'] {
  if (location !== undefined) {
    if (replication === undefined) return undefined
    throw new InvalidArgumentError(
      'Regional secrets (location) take no replication policy: drop `replication` or `location`',
    )
  }
  if (replication === undefined || replication === 'automatic') return 'automatic'
  const regions = (replication as { userManaged?: unknown } | null)?.userManaged
  if (
    !Array.isArray(regions) ||
    regions.length === 0 ||
    !regions.every((r) => typeof r === 'string' && LOCATION.test(r)) ||
    new Set(regions).size !== regions.length
  ) {
    throw new InvalidArgumentError(
      "replication must be 'automatic' or { userManaged: ['europe-west1', …] } (distinct regions, at least one)",
    )
  }
  return Object.freeze([...(regions as string[])])
}

/**
 * Checks a project id (or number).
 * @param what the option or variable it came from, for the message
 * @throws {InvalidArgumentError} saying what a project id looks like
 */
export function checkProject(project: unknown, what: string): asserts project is string {
  if (typeof project !== 'string' || !PROJECT.test(project)) {
    throw new InvalidArgumentError(
      `${what} must be a Google Cloud project id such as "my-project" (6 to 30 of a-z 0-9 -, starting with a letter) or a project number`,
    )
  }
}

/**
 * Checks a region name.
 * @param what the option or variable it came from, for the message
 * @throws {InvalidArgumentError} saying what a region looks like
 */
export function checkLocation(location: unknown, what: string): asserts location is string {
  if (typeof location !== 'string' || !LOCATION.test(location)) {
    throw new InvalidArgumentError(
      `${what} must be a region such as "europe-west1" (or absent, for global secrets)`,
    )
  }
}
