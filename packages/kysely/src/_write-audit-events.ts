/**
 * Audit events as `<prefix>access_log` rows, and the multi-row INSERT that
 * stores a batch of them (shared by the audit sink and `pruneAccessLog`).
 * @module
 */
import {
  type AuditEvent,
  InvalidArgumentError,
  type Scope,
  scopeHash,
  toScope,
} from '@secrets/core'
import type { Insertable } from 'kysely'
import { chunkByParameters } from './_dialect.js'
import { toBackendError } from './_errors.js'
import type { AccessLogRow, SqlContext } from './_tables.js'

/** Bind parameters per row: every column but the id. */
const PARAMETERS_PER_ROW = 13
/** The longest `name` the column holds; longer names (only ever invalid ones) are cut. */
const NAME_LENGTH = 255
/** The longest action, outcome and error code. */
const SHORT_LENGTH = 64

/** Text as stored: NUL (which PostgreSQL text cannot hold) becomes U+FFFD, and the length is capped. */
function storedText(value: string | null | undefined, max?: number): string | null {
  if (value === null || value === undefined) return null
  const text = String(value).replaceAll('\0', '\uFFFD')
  if (max === undefined || text.length <= max) return text
  return Array.from(text).slice(0, max).join('')
}

/** Scopes canonicalised once per segments object (a resolve's events share one). */
const scopes = new WeakMap<object, Scope>()

function scopeOf(segments: AuditEvent['scope']): Scope {
  if (typeof segments !== 'object' || segments === null) return toScope(segments)
  let scope = scopes.get(segments)
  if (scope === undefined) {
    scope = toScope(segments)
    scopes.set(segments, scope)
  }
  return scope
}

function toRow(event: AuditEvent): Insertable<AccessLogRow> {
  if (typeof event !== 'object' || event === null)
    throw new InvalidArgumentError('An audit event must be an object')
  const time = event.time instanceof Date ? event.time.getTime() : Number.NaN
  if (!Number.isFinite(time))
    throw new InvalidArgumentError('An audit event needs a valid "time" Date')
  const scope = scopeOf(event.scope)
  const version = event.version ?? null
  if (version !== null && !(Number.isSafeInteger(version) && version >= 0)) {
    throw new InvalidArgumentError(
      'An audit event\'s "version" must be a non-negative safe integer, or null',
    )
  }
  const count = event.count ?? null
  if (count !== null && !Number.isSafeInteger(count)) {
    throw new InvalidArgumentError('An audit event\'s "count" must be an integer')
  }
  return {
    time,
    scope_hash: scopeHash(scope.key),
    scope_key: scope.key,
    scope: JSON.stringify(scope.segments),
    name: storedText(event.name, NAME_LENGTH),
    version,
    action: storedText(event.action, SHORT_LENGTH) ?? '',
    outcome: storedText(event.outcome, SHORT_LENGTH) ?? '',
    accessor: storedText(event.accessor),
    reason: storedText(event.reason),
    error_code: storedText(event.errorCode, SHORT_LENGTH),
    used_at: event.usedAt === undefined ? null : JSON.stringify(event.usedAt),
    count,
  }
}

/**
 * Appends events: one multi-row INSERT, split (in one transaction) only past
 * the dialect's bind parameter limit, so a batch lands whole or not at all.
 * @throws {InvalidArgumentError} for a malformed event, before any statement
 * @throws {BackendError} when the INSERT fails
 */
export async function writeAuditEvents(
  ctx: SqlContext,
  events: readonly AuditEvent[],
): Promise<void> {
  if (!Array.isArray(events)) throw new InvalidArgumentError('write needs an array of events')
  if (events.length === 0) return
  const { db, tables } = ctx
  const rows = events.map(toRow)
  const chunks = chunkByParameters(rows, ctx.maxBindParameters, () => PARAMETERS_PER_ROW)
  try {
    if (chunks.length === 1) {
      await db.insertInto(tables.access_log).values(rows).execute()
    } else {
      await db.transaction().execute(async (trx) => {
        for (const chunk of chunks) await trx.insertInto(tables.access_log).values(chunk).execute()
      })
    }
  } catch (error) {
    throw toBackendError(`kysely:${ctx.dialect}`, 'audit write', error)
  }
}
