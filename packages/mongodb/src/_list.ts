/**
 * `list`: one aggregation per page over the `{ s, n }` index, in name order
 * (MongoDB compares strings byte-wise without a collation), keyset-paged by
 * name, with a literal prefix turned into a range `[prefix, next(prefix))`.
 * The projection computes the summary on the server, so no payload leaves it.
 * @module
 */
import {
  assertPageLimit,
  decodeCursor,
  encodeCursor,
  InvalidArgumentError,
  isSecretName,
  type ListOptions,
  type ListPage,
  type Scope,
  type SecretSummary,
} from '@secrets/core'
import type { MongoContext } from './_collections.js'
import { scopeFilter } from './_documents.js'
import { guarded } from './_errors.js'
import { asObjectId } from './_object-id.js'

/** The largest page of `list`. */
const MAX_LIST_PAGE = 1000

/** Whether some valid name starts with `prefix` (a name is at most 255 characters). */
function canStartAName(prefix: string): boolean {
  return isSecretName(prefix.length < 255 ? `${prefix}x` : prefix)
}

/** The least string above every string that starts with `prefix` (ASCII, as names are). */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)
}

const isListCursor = (value: unknown): value is string =>
  typeof value === 'string' && isSecretName(value)

/** The summary fields, computed from the kept versions (oldest first). */
const SUMMARY = {
  _id: 1,
  n: 1,
  latest: 1,
  firstVersion: { $arrayElemAt: ['$versions.v', 0] },
  firstCreatedAt: { $arrayElemAt: ['$versions.c', 0] },
  description: { $arrayElemAt: ['$versions.d', -1] },
  updatedAt: { $arrayElemAt: ['$versions.c', -1] },
  updatedBy: { $arrayElemAt: ['$versions.b', -1] },
}

/** Lists summaries in name order (see the module comment). */
export async function listPage(
  ctx: MongoContext,
  scope: Scope,
  options: ListOptions,
): Promise<ListPage> {
  const filter = scopeFilter(scope)
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError('list needs options such as { limit }')
  const { prefix = '', limit, cursor } = options
  assertPageLimit(limit, MAX_LIST_PAGE)
  if (typeof prefix !== 'string') throw new InvalidArgumentError('"prefix" must be a string')
  const after = cursor === undefined ? undefined : decodeCursor(cursor, 'list', isListCursor)
  // A prefix no valid name can start with matches nothing, and never reaches the server.
  if (prefix !== '' && !canStartAName(prefix)) return { items: [], cursor: null }
  const range: Record<string, string> = {}
  if (prefix !== '') Object.assign(range, { $gte: prefix, $lt: prefixEnd(prefix) })
  if (after !== undefined) range.$gt = after
  const match = Object.keys(range).length === 0 ? filter : { ...filter, n: range }
  const rows = await guarded('list', () =>
    ctx.secrets
      .aggregate(
        [{ $match: match }, { $sort: { n: 1 } }, { $limit: limit + 1 }, { $project: SUMMARY }],
        { batchSize: limit + 1 },
      )
      .toArray(),
  )
  const page = rows.slice(0, limit)
  const items = page.map((row): SecretSummary => {
    // The oldest kept version is version 1 until `maxVersions` trims it; then
    // the creation time is the document's ObjectId's (to the second).
    const createdAt =
      Number(row.firstVersion) === 1
        ? (row.firstCreatedAt as Date)
        : asObjectId(ctx.db, row._id).getTimestamp()
    return {
      name: row.n as string,
      version: Number(row.latest),
      description: (row.description as string | null) ?? null,
      createdAt,
      updatedAt: row.updatedAt as Date,
      updatedBy: (row.updatedBy as string | null) ?? null,
    }
  })
  return { items, cursor: rows.length > limit ? encodeCursor(items.at(-1)?.name) : null }
}
