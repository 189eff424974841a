/**
 * Reading a secret's state: `GetSecret` (etag, committed latest, entries),
 * and for secrets this backend did not create, or when a number has to be
 * predicted afresh, the newest versions from `ListSecretVersions`.
 * @module
 */
import type { SecretVersionMessage } from './_client.js'
import { type BackendContext, call, Refused, secretName } from './_context.js'
import { type SecretState, stateOf } from './_metadata.js'
import { Code } from './_rpc-errors.js'

/**
 * `GetSecret`.
 * @returns the state, or null when the secret does not exist
 * @throws {BackendError} for any other failure
 */
export async function readSecret(ctx: BackendContext, id: string): Promise<SecretState | null> {
  const name = secretName(ctx, id)
  const got = await call(ctx, 'GetSecret', name, () => ctx.client.getSecret({ name }), [
    Code.NOT_FOUND,
  ])
  return got instanceof Refused ? null : stateOf(id, got[0])
}

/**
 * The newest version of a secret (`ListSecretVersions`, newest first, pages
 * followed until one is found: a filtered page may come back empty).
 * @param enabledOnly only ENABLED versions (filter `state:ENABLED`)
 * @returns the version, or null when there is none (or the secret is gone)
 */
export async function newestVersion(
  ctx: BackendContext,
  id: string,
  enabledOnly: boolean,
): Promise<SecretVersionMessage | null> {
  const parent = secretName(ctx, id)
  let pageToken: string | undefined
  do {
    const page = await call(
      ctx,
      'ListSecretVersions',
      parent,
      () =>
        ctx.client.listSecretVersions(
          {
            parent,
            pageSize: 1,
            ...(enabledOnly ? { filter: 'state:ENABLED' } : {}),
            ...(pageToken ? { pageToken } : {}),
          },
          { autoPaginate: false },
        ),
      [Code.NOT_FOUND],
    )
    if (page instanceof Refused) return null
    if (page[0][0]) return page[0][0]
    pageToken = page[2]?.nextPageToken || undefined
  } while (pageToken)
  return null
}
