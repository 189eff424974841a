/**
 * Reading the access log that `mongoAuditSink` writes: one scope (and
 * optionally one name and some outcomes), newest first by `_id`, in keyset pages.
 * @module
 */
import {
  type AccessLogEntry,
  type AccessLogPage,
  type AccessLogQuery,
  type AuditAction,
  type AuditOutcome,
  accessLogCursor,
  parseAccessLogQuery,
  scopeHash,
} from '@secrets/core'
import { type MongoContext, type MongoOptions, toMongoContext } from './_collections.js'
import { guarded } from './_errors.js'
import { asObjectId, isObjectIdHex, objectIdFor } from './_object-id.js'
import type { MongoDatabase, MongoDocument } from './mongo-database.js'

function toEntry(ctx: MongoContext, doc: MongoDocument): AccessLogEntry {
  const entry: AccessLogEntry = {
    id: asObjectId(ctx.db, doc._id).toHexString(),
    time: doc.t as Date,
    action: doc.a as AuditAction,
    outcome: doc.o as AuditOutcome,
    scope: { ...(doc.scope as Record<string, string>) },
    name: (doc.n as string | null) ?? null,
    version: doc.v === null || doc.v === undefined ? null : Number(doc.v),
    accessor: (doc.acc as string | null) ?? null,
    reason: (doc.rsn as string | null) ?? null,
  }
  if (typeof doc.e === 'string') entry.errorCode = doc.e
  if (Array.isArray(doc.u)) entry.usedAt = doc.u as string[]
  if (doc.c !== undefined && doc.c !== null) entry.count = Number(doc.c)
  return entry
}

/**
 * Runs an access-log query against a prepared context. Shared by
 * {@link queryAccessLog} and the sink's `query` method.
 * @internal
 */
export async function _queryAccessLog(
  ctx: MongoContext,
  query: AccessLogQuery,
): Promise<AccessLogPage> {
  const parsed = parseAccessLogQuery(query, isObjectIdHex)
  const { scope, name, outcomes, limit, before } = parsed
  const filter: MongoDocument = { s: scopeHash(scope.key) }
  if (name !== undefined) filter.n = name
  if (outcomes !== undefined) filter.o = { $in: outcomes }
  if (before !== undefined) {
    const id = await objectIdFor(ctx.db, ctx.accessLog, before, 'queryAccessLog')
    if (id === null) return { items: [], cursor: null }
    filter._id = { $lt: id }
  }
  const docs = await guarded('queryAccessLog', () =>
    ctx.accessLog
      .find(filter, { sort: { _id: -1 }, limit: limit + 1, batchSize: limit + 1 })
      .toArray(),
  )
  const items = docs.slice(0, limit).map((doc) => toEntry(ctx, doc))
  return { items, cursor: accessLogCursor(items.at(-1)?.id, parsed, docs.length > limit) }
}

/**
 * Reads one scope's access log, newest first, in keyset pages: each page is
 * one `find` over the index `{ s, n, _id: -1 }` (with a name) or
 * `{ s, _id: -1 }`, from the cursor down, however deep the page. An `outcome`
 * filter is applied to the documents of that range, so a rare outcome may
 * scan many documents to fill a page.
 * @param db the database the audit sink writes to
 * @param options the query, with the `collectionPrefix` the sink uses
 * @returns events newest first and the cursor of the next (older) page
 * @throws {InvalidScopeError} for a bad scope; {InvalidArgumentError} for a bad limit, name, outcome, cursor or prefix
 * @throws {BackendError} when the query fails
 * @example
 * ```ts
 * const page = await queryAccessLog(db, { scope: { tenant: 'acme' }, name: 'STRIPE_KEY', limit: 20 })
 * ```
 */
export async function queryAccessLog(
  db: MongoDatabase,
  options: AccessLogQuery & Omit<MongoOptions, 'db'>,
): Promise<AccessLogPage> {
  const { collectionPrefix, ...query } = options ?? ({} as AccessLogQuery)
  return _queryAccessLog(toMongoContext({ db, collectionPrefix }, 'queryAccessLog'), query)
}
