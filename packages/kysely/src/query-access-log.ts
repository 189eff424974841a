/**
 * Reading the access log that `kyselyAuditSink` writes: one scope (and
 * optionally one name and some outcomes), newest first, in keyset pages.
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
import type { Kysely } from 'kysely'
import { toBackendError } from './_errors.js'
import { type SqlContext, type SqlOptions, toDate, toSqlContext } from './_tables.js'

/** Row ids in cursors: decimal, at most 15 digits (exact as a number). */
const isRowId = (id: string) => /^[1-9][0-9]{0,14}$/.test(id)

/**
 * Runs an access-log query against a prepared context. Shared by
 * {@link queryAccessLog} and the sink's `query` method.
 * @internal
 */
export async function _queryAccessLog(
  ctx: SqlContext,
  query: AccessLogQuery,
): Promise<AccessLogPage> {
  const parsed = parseAccessLogQuery(query, isRowId)
  const { scope, name, outcomes, limit, before } = parsed
  const rows = await ctx.db
    .selectFrom(ctx.tables.access_log)
    .select([
      'id',
      'time',
      'action',
      'outcome',
      'scope',
      'name',
      'version',
      'accessor',
      'reason',
      'error_code',
      'used_at',
      'count',
    ])
    .where('scope_hash', '=', scopeHash(scope.key))
    .$if(name !== undefined, (q) => q.where('name', '=', name as string))
    .$if(outcomes !== undefined, (q) =>
      q.where('outcome', 'in', outcomes as readonly AuditOutcome[]),
    )
    .$if(before !== undefined, (q) => q.where('id', '<', Number(before)))
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute()
    .catch((error: unknown) => {
      throw toBackendError(`kysely:${ctx.dialect}`, 'queryAccessLog', error)
    })
  const page = rows.slice(0, limit)
  const items = page.map((row): AccessLogEntry => {
    const entry: AccessLogEntry = {
      id: String(row.id),
      time: toDate(row.time),
      action: row.action as AuditAction,
      outcome: row.outcome as AuditOutcome,
      scope: JSON.parse(row.scope) as Record<string, string>,
      name: row.name,
      version: row.version === null ? null : Number(row.version),
      accessor: row.accessor,
      reason: row.reason,
    }
    if (row.error_code !== null) entry.errorCode = row.error_code
    if (row.used_at !== null) entry.usedAt = JSON.parse(row.used_at) as string[]
    if (row.count !== null) entry.count = Number(row.count)
    return entry
  })
  const last = items.at(-1)
  return { items, cursor: accessLogCursor(last?.id, parsed, rows.length > limit) }
}

/**
 * Reads one scope's access log, newest first, in keyset pages: each page is
 * one indexed range read (`scope_hash, name, id` or `scope_hash, id`) from the
 * cursor down, however deep the page. An `outcome` filter is applied to the
 * rows of that range, so a rare outcome may scan many rows to fill a page.
 * @param db the Kysely instance the audit sink writes through
 * @param options the query, with the `tablePrefix` (and `dialect`) the sink uses
 * @returns events newest first and the cursor of the next (older) page
 * @throws {InvalidScopeError} for a bad scope; {InvalidArgumentError} for a bad limit, name, outcome or cursor
 * @throws {BackendError} when the query fails
 * @example
 * ```ts
 * let page = await queryAccessLog(db, { scope: { tenant: 'acme' }, name: 'STRIPE_KEY', limit: 20 })
 * page = await queryAccessLog(db, { scope: { tenant: 'acme' }, name: 'STRIPE_KEY', limit: 20, cursor: page.cursor! })
 * ```
 */
export function queryAccessLog<DB>(
  db: Kysely<DB>,
  options: AccessLogQuery & Omit<SqlOptions<DB>, 'db'>,
): Promise<AccessLogPage> {
  const { tablePrefix, dialect, ...query } = options ?? ({} as AccessLogQuery)
  return _queryAccessLog(toSqlContext({ db, tablePrefix, dialect }, 'queryAccessLog'), query)
}
