/**
 * Audit events as `<prefix>access_log` rows, and the multi-row INSERT that
 * stores a batch of them (shared by the audit sink and `pruneAccessLog`).
 * @module
 */
import { type AuditEvent, InvalidArgumentError, storedAuditEvent } from '@secrets/core'
import type { Insertable } from 'kysely'
import { chunkByParameters } from './_dialect.js'
import { toBackendError } from './_errors.js'
import type { AccessLogRow, SqlContext } from './_tables.js'

/** Bind parameters per row: every column but the id. */
const PARAMETERS_PER_ROW = 13
function toRow(event: AuditEvent): Insertable<AccessLogRow> {
  const stored = storedAuditEvent(event)
  return {
    time: stored.time,
    scope_hash: stored.scopeHash,
    scope_key: stored.scope.key,
    scope: JSON.stringify(stored.scope.segments),
    name: stored.name,
    version: stored.version,
    action: stored.action,
    outcome: stored.outcome,
    accessor: stored.accessor,
    reason: stored.reason,
    error_code: stored.errorCode,
    used_at: stored.usedAt === null ? null : JSON.stringify(stored.usedAt),
    count: stored.count,
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
