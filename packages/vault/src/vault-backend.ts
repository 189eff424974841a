/**
 * `vaultBackend`: a `SecretBackend` over a HashiCorp Vault or OpenBao KV
 * version 2 mount. The design (paths, versions, compare-and-set, deletion,
 * costs) is documented in docs/backends/vault.md.
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
import { type BackendContext, mountCheck, type VaultClientLike } from './_context.js'
import { deleteSecret } from './_delete.js'
import { list, versions } from './_listing.js'
import { MAX_PAYLOAD_BYTES, put } from './_put.js'
import { get, getMany } from './_reads.js'

/** Options of {@link vaultBackend}. */
export interface VaultBackendOptions {
  /**
   * A node-vault client you own and configure (endpoint, token, namespace).
   * The backend only calls `request`.
   */
  client: VaultClientLike
  /**
   * The path of the KV version 2 mount.
   * @default 'secret'
   */
  mount?: string
  /**
   * Path segments put before every path under the mount, such as `myapp/prod`.
   * @default '' (none)
   */
  prefix?: string
  /**
   * How (scope, name) becomes the rest of the path: `/`-separated segments,
   * each a literal, `{scope}` (every scope segment as `key=value`),
   * `{<scope key>}` (that segment's value; the scope must then have exactly
   * the template's keys) or `{name}` (last). With the default, prefix `''`
   * and the scope `{}`, a secret is read by its own path (`prod/db`).
   * @default '{scope}/{name}'
   */
  nameTemplate?: string
  /**
   * Seal values client-side: the store encrypts each value into an envelope
   * (needs a keyring) and Vault only ever stores that envelope.
   * @default false (Vault keeps the value as `data.value`, encrypted by its barrier)
   */
  clientSideEncryption?: boolean
  /**
   * How `delete` removes a secret: `'destroy'` removes the key with every
   * version and its metadata; `'soft'` soft-deletes the latest version
   * (recoverable with Vault's undelete).
   * @default 'destroy'
   */
  deletion?: 'destroy' | 'soft'
  /**
   * Requests in flight at once for `getMany` and `list` (Vault has no batch read).
   * @default 16
   */
  concurrency?: number
  /**
   * The backend's name in messages and audit events.
   * @default 'vault'
   */
  name?: string
}

const MOUNT = /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/

/**
 * Creates a backend that keeps secrets in a Vault (or OpenBao) KV v2 mount.
 * @throws {InvalidArgumentError} for a missing client or a bad mount, prefix, template or option
 * @example
 * ```ts
 * import vault from 'node-vault'
 * const backend = vaultBackend({
 *   client: vault({ endpoint: process.env.VAULT_ADDR, token: process.env.VAULT_TOKEN }),
 *   prefix: 'myapp',
 * })
 * const secrets = createSecrets({ backend, audit: jsonLinesAuditSink(process.stdout) })
 * await secrets.scope({ tenant: 'acme' }).get('STRIPE_KEY', { accessor: 'billing' })
 * ```
 */
export function vaultBackend(options: VaultBackendOptions): SecretBackend {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('vaultBackend needs an options object')
  }
  const { client, mount = 'secret', prefix = '', nameTemplate = DEFAULT_PATH_TEMPLATE } = options
  if (typeof client?.request !== 'function') {
    throw new InvalidArgumentError(
      "vaultBackend needs `client`: pass client: vault({ endpoint, token }) from 'node-vault'",
    )
  }
  if (typeof mount !== 'string' || !MOUNT.test(mount) || mount.split('/').includes('..')) {
    throw new InvalidArgumentError(
      'mount must be a path such as "secret" or "kv/apps" (A-Z a-z 0-9 _ . -, no leading or trailing /)',
    )
  }
  const { envelope, concurrency, label } = parseServiceOptions(options, 'vault')
  const deletion = options.deletion ?? 'destroy'
  if (deletion !== 'destroy' && deletion !== 'soft') {
    throw new InvalidArgumentError('deletion must be "destroy" or "soft"')
  }
  const ctx: BackendContext = Object.freeze({
    client,
    mount,
    naming: compilePathNaming(prefix, nameTemplate, {
      service: 'Vault',
      literalChars: 'A-Za-z0-9_+.@-',
      maxLength: 1024,
    }),
    envelope,
    deletion,
    concurrency,
    label,
    ready: mountCheck(client, mount, label),
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
