/**
 * `list` and `versions`. Vault's LIST returns one folder's keys (sub-folders
 * end in `/`), so `list` walks folders depth first in byte order, skipping
 * every folder that cannot hold a name after the cursor or with the prefix,
 * and pages with the server's `after`/`limit` where it offers them (OpenBao;
 * Vault ignores them and returns the folder whole). LIST returns names only,
 * so each listed secret costs one metadata read (through the pool).
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
import { type BackendContext, call } from './_context.js'
import { latestIsLive, readKeyMetadata } from './_key-metadata.js'
import { readEntry } from './_metadata.js'
import { dateOf } from './_reads.js'

/** Keys asked for per LIST request. */
const LIST_PAGE = 500

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
  const root = ctx.naming.scopePrefix(scope)
  const items: SecretSummary[] = []
  const names = walk(ctx, root, '', prefix, after)
  let more = false
  while (items.length < limit) {
    const batch: string[] = []
    for (let i = items.length; i < limit; i++) {
      const next = await names.next()
      if (next.done) break
      batch.push(next.value)
    }
    if (batch.length === 0) break
    const summaries = await mapConcurrent(batch, ctx.concurrency, (name) =>
      summaryOf(ctx, root + name, name),
    )
    for (const s of summaries) if (s) items.push(s)
  }
  if (items.length === limit) more = !(await names.next()).done
  await names.return(undefined)
  return { items, cursor: listCursor(items.at(-1)?.name, more) }
}

/**
 * Yields the names under `root + folder` in byte order: those after `after`
 * that start with `prefix` (both relative to `root`).
 */
async function* walk(
  ctx: BackendContext,
  root: string,
  folder: string,
  prefix: string,
  after: string | undefined,
): AsyncGenerator<string, void, undefined> {
  for await (const key of folderKeys(ctx, root + folder)) {
    const name = folder + key
    if (key.endsWith('/')) {
      const reachesPrefix = name.startsWith(prefix) || prefix.startsWith(name)
      const pastCursor = after === undefined || name > after || after.startsWith(name)
      if (reachesPrefix && pastCursor && isSecretName(`${name}x`)) {
        yield* walk(ctx, root, name, prefix, after)
      }
    } else if (
      name.startsWith(prefix) &&
      (after === undefined || name > after) &&
      isSecretName(name)
    ) {
      yield name
    }
  }
}

/** One folder's keys in byte order, LIST page by LIST page. */
async function* folderKeys(ctx: BackendContext, folder: string): AsyncGenerator<string> {
  let after: string | undefined
  for (;;) {
    const query = `?list=true&limit=${LIST_PAGE}${after === undefined ? '' : `&after=${encodeURIComponent(after)}`}`
    const body = await call<{ data?: { keys?: unknown } } | null>(
      ctx,
      { path: `/${ctx.mount}/metadata/${folder}${query}`, method: 'GET' },
      { area: 'metadata', path: folder, needs: 'list' },
      (failure) => (failure.status === 404 ? null : undefined),
    )
    const raw = body?.data?.keys
    const keys = (Array.isArray(raw) ? raw : [])
      .filter((k): k is string => typeof k === 'string' && (after === undefined || k > after))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    yield* keys
    // Fewer than a page, or a server that ignored `after`: that was the whole folder.
    if (keys.length === 0 || (Array.isArray(raw) && raw.length < LIST_PAGE)) return
    after = keys.at(-1)
  }
}

/** A listed secret's summary, or null when its latest version is deleted or destroyed. */
async function summaryOf(
  ctx: BackendContext,
  path: string,
  name: string,
): Promise<SecretSummary | null> {
  const meta = await readKeyMetadata(ctx, path)
  if (!latestIsLive(meta)) return null
  const entry = readEntry(meta.custom, meta.current)
  return {
    name,
    version: meta.current,
    description: entry.description,
    createdAt: dateOf(meta.createdAt),
    updatedAt: dateOf(meta.versions.get(meta.current)?.createdAt),
    updatedBy: entry.createdBy,
  }
}

/**
 * Every live version's metadata, newest first (one metadata read). Versions
 * that are deleted, destroyed or trimmed by `max_versions` are not listed.
 */
export async function versions(
  ctx: BackendContext,
  scope: Scope,
  name: string,
): Promise<VersionInfo[]> {
  const meta = await readKeyMetadata(ctx, ctx.naming.path(scope, name))
  if (!meta) return []
  return [...meta.versions]
    .filter(([, state]) => !state.gone)
    .sort(([a], [b]) => b - a)
    .map(([version, state]) => {
      const entry = readEntry(meta.custom, version)
      return {
        name,
        version,
        description: entry.description,
        createdBy: entry.createdBy,
        previousExpiresAt: entry.previousExpiresAt,
        createdAt: dateOf(state.createdAt),
      }
    })
}
