/**
 * Reading the access log that `kyselyAuditSink` writes: one scope (and
 * optionally one name), newest first, in keyset pages.
 * @module
 */
import {
  type AuditAction,
  type AuditEvent,
  type AuditOutcome,
  assertSecretName,
  InvalidArgumentError,
  type ScopeInput,
  toScope,
} from '@secrets/core'
import type { Kysely } from 'kysely'
import { decodeCursor, encodeCursor } from './_cursor.js'
import { toBackendError } from './_errors.js'
import { assertPageLimit } from './_page-limit.js'
import { scopeHash } from './_scope-hash.js'
import { type SqlContext, type SqlOptions, toDate, toSqlContext } from './_tables.js'

/** What to read from the access log. */
export interface AccessLogQuery {
  /** The scope whose events to read (store-wide actions such as rekey are under `{}`). */
  scope: ScopeInput
  /** Only events about this secret name. */
  name?: string
  /**
   * Page size, 1 to 1000.
   * @default 50
   */
  limit?: number
  /** The `cursor` of the previous page. */
  cursor?: string
}

/** An audit event as stored, with its row id. */
export interface AccessLogEntry extends AuditEvent {
  /** The row id, increasing in insertion order (a decimal string: it is a 64-bit integer). */
  id: string
}

/** A page of the access log. */
export interface AccessLogPage {
  /** Events, newest first. */
  items: AccessLogEntry[]
  /** Pass to the next call for older events; null on the last page. */
  cursor: string | null
}

/** The default page size. */
const DEFAULT_LIMIT = 50
const MAX_LIMIT = 1000

/** A cursor: the last id of the page (as a string, at most 15 digits: exact as a number) and the name filter. */
type LogCursor = [id: string, name: string | null]

const isLogCursor = (value: unknown): value is LogCursor =>
  Array.isArray(value) &&
  value.length === 2 &&
  typeof value[0] === 'string' &&
  /^[1-9][0-9]{0,14}$/.test(value[0]) &&
  (value[1] === null || typeof value[1] === 'string')

/**
 * Runs an access-log query against a prepared context. Shared by
 * {@link queryAccessLog} and the sink's `query` method.
 * @internal
 */
export async function _queryAccessLog(
  ctx: SqlContext,
  query: AccessLogQuery,
): Promise<AccessLogPage> {
  if (typeof query !== 'object' || query === null)
    throw new InvalidArgumentError('The query must be an object')
  const scope = toScope(query.scope)
  const { name, limit = DEFAULT_LIMIT, cursor } = query
  assertPageLimit(limit, MAX_LIMIT)
  // A valid name: MySQL's binary collation ignores trailing spaces, which names cannot hold.
  if (name !== undefined) assertSecretName(name)
  let before: number | undefined
  if (cursor !== undefined) {
    const [id, cursorName] = decodeCursor(cursor, 'access log', isLogCursor)
    if (cursorName !== (name ?? null)) {
      throw new InvalidArgumentError(
        'This access log cursor belongs to a query with another "name": pass the same query with it',
      )
    }
    before = Number(id)
  }
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
    .$if(before !== undefined, (q) => q.where('id', '<', before as number))
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
  return {
    items,
    cursor: rows.length > limit && last ? encodeCursor([last.id, name ?? null]) : null,
  }
}

/**
 * Reads one scope's access log, newest first, in keyset pages: each page is
 * one indexed range read (`scope_hash, name, id` or `scope_hash, id`) from the
 * cursor down, however deep the page.
 * @param db the Kysely instance the audit sink writes through
 * @param options the query, with the `tablePrefix` (and `dialect`) the sink uses
 * @returns events newest first and the cursor of the next (older) page
 * @throws {InvalidScopeError} for a bad scope; {InvalidArgumentError} for a bad limit, name or cursor
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
