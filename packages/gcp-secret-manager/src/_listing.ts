/**
 * Listings: `list` over `ListSecrets` and `versions` over `ListSecretVersions`.
 *
 * ListSecrets has no prefix filter (`name:` matches anywhere in the resource
 * name) and its order is not documented consistently, so a page in name
 * order cannot be a page of GCP's. `list` asks for the secrets whose name
 * contains the encoded scope prefix (and, for a non-empty scope, whose
 * `secrets_scope_*` labels match), walks every page (1000 secrets per call),
 * keeps the ids that really start with the encoded prefix and decode to a
 * valid name, sorts by name (byte order) and cuts the page after the cursor,
 * which is the last name returned. Summaries come from the secrets'
 * annotations, without reading any value; a secret this backend did not
 * create costs one `ListSecretVersions` for its newest enabled version.
 * @module
 */
import {
  isSecretName,
  type ListOptions,
  type ListPage,
  listCursor,
  mapConcurrent,
  parseListOptions,
  type Scope,
  type SecretSummary,
  type VersionInfo,
} from '@secrets/core'
import { dateOf, isEnabled, type SecretVersionMessage, versionNumberOf } from './_client.js'
import {
  type BackendContext,
  call,
  MAX_SECRET_ID_LENGTH,
  Refused,
  secretIdOf,
  secretName,
} from './_context.js'
import { entryOf, isCommitted, type SecretState, scopeLabelFilter, stateOf } from './_metadata.js'
import { Code } from './_rpc-errors.js'
import { newestVersion, readSecret } from './_secret-state.js'
import { decodeSecretId, encodeSecretId } from './secret-id.js'

const PAGE_SIZE = 1000

/**
 * Lists this scope's secrets in name order, paged.
 * @throws {InvalidArgumentError} for a bad limit, prefix or cursor
 */
export async function list(
  ctx: BackendContext,
  scope: Scope,
  options: ListOptions,
): Promise<ListPage> {
  const { limit, prefix, after } = parseListOptions(options)
  const scopePrefix = ctx.naming.scopePrefix(scope)
  const wanted = scopePrefix + prefix
  const idPrefix = encodeSecretId(wanted)
  if (idPrefix.length > MAX_SECRET_ID_LENGTH) return { items: [], cursor: null }
  const filter = [...(idPrefix ? [`name:"${idPrefix}"`] : []), ...scopeLabelFilter(scope)]

  const matches: Array<{ name: string; state: SecretState }> = []
  let pageToken: string | undefined
  do {
    const page = await call(ctx, 'ListSecrets', ctx.parent, () =>
      ctx.client.listSecrets(
        {
          parent: ctx.parent,
          pageSize: PAGE_SIZE,
          ...(filter.length > 0 ? { filter: filter.join(' AND ') } : {}),
          ...(pageToken ? { pageToken } : {}),
        },
        { autoPaginate: false },
      ),
    )
    for (const secret of page[0]) {
      const id = secret.name?.slice(secret.name.lastIndexOf('/') + 1) ?? ''
      const path = id.startsWith(idPrefix) ? decodeSecretId(id) : null
      // Only the canonical encoding of a path of this scope (`__41` is not `A`).
      if (path === null || encodeSecretId(path) !== id || !path.startsWith(wanted)) continue
      const name = path.slice(scopePrefix.length)
      if (!isSecretName(name) || (after !== undefined && name <= after)) continue
      matches.push({ name, state: stateOf(id, secret) })
    }
    pageToken = page[2]?.nextPageToken || undefined
  } while (pageToken)

  matches.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const items: SecretSummary[] = []
  let next = 0
  while (items.length < limit && next < matches.length) {
    const chunk = matches.slice(next, next + limit - items.length)
    next += chunk.length
    const summaries = await mapConcurrent(chunk, ctx.concurrency, (m) => summaryOf(ctx, m))
    for (const summary of summaries) if (summary) items.push(summary)
  }
  const more = next < matches.length && items.length > 0
  return { items, cursor: listCursor(items.at(-1)?.name, more) }
}

/** A listing entry's summary; null when it has no committed (or, if foreign, enabled) version. */
async function summaryOf(
  ctx: BackendContext,
  { name, state }: { name: string; state: SecretState },
): Promise<SecretSummary | null> {
  if (state.latest === null) {
    const newest = await newestVersion(ctx, state.id, true)
    const version = versionNumberOf(newest?.name)
    if (version === null) return null
    const updatedAt = dateOf(newest?.createTime)
    return {
      name,
      version,
      description: null,
      createdAt: state.createdAt,
      updatedAt,
      updatedBy: null,
    }
  }
  if (state.latest === 0) return null
  const entry = entryOf(state, state.latest)
  return {
    name,
    version: state.latest,
    description: entry?.description ?? null,
    createdAt: state.createdAt,
    updatedAt: entry?.createdAt ?? state.createdAt,
    updatedBy: entry?.createdBy ?? null,
  }
}

/**
 * Every committed version's metadata, newest first (`GetSecret` and every
 * page of `ListSecretVersions` of the ENABLED versions, concurrently).
 */
export async function versions(
  ctx: BackendContext,
  scope: Scope,
  name: string,
): Promise<VersionInfo[]> {
  const id = secretIdOf(ctx, scope, name)
  const [state, enabled] = await Promise.all([
    readSecret(ctx, id),
    listVersions(ctx, id, 'state:ENABLED'),
  ])
  if (!state) return []
  const out: VersionInfo[] = []
  for (const v of enabled) {
    const version = versionNumberOf(v.name)
    if (version === null || !isEnabled(v) || !isCommitted(state, version)) continue
    const entry = entryOf(state, version)
    out.push({
      name,
      version,
      description: entry?.description ?? null,
      createdBy: entry?.createdBy ?? null,
      previousExpiresAt: entry?.previousExpiresAt ?? null,
      createdAt: dateOf(v.createTime),
    })
  }
  return out.sort((a, b) => b.version - a.version)
}

/**
 * Every page of `ListSecretVersions`, newest first.
 * @param filter a version filter, such as `state:ENABLED`; undefined for every version
 * @returns the versions; empty when the secret is gone
 */
export async function listVersions(
  ctx: BackendContext,
  id: string,
  filter: string | undefined,
): Promise<SecretVersionMessage[]> {
  const parent = secretName(ctx, id)
  const all: SecretVersionMessage[] = []
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
            pageSize: PAGE_SIZE,
            ...(filter ? { filter } : {}),
            ...(pageToken ? { pageToken } : {}),
          },
          { autoPaginate: false },
        ),
      [Code.NOT_FOUND],
    )
    if (page instanceof Refused) return []
    all.push(...page[0])
    pageToken = page[2]?.nextPageToken || undefined
  } while (pageToken)
  return all
}
