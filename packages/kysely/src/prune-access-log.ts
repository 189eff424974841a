/**
 * Retention for the access log that `kyselyAuditSink` writes: deletes the
 * events older than a date, a bounded batch per statement, and records the
 * prune itself as one audit event.
 * @module
 */
import { type PruneAccessLogOptions, pruneInBatches } from '@secrets/core'
import { type Kysely, sql } from 'kysely'
import { toBackendError } from './_errors.js'
import { type SqlContext, type SqlOptions, toSqlContext } from './_tables.js'
import { writeAuditEvents } from './_write-audit-events.js'

/**
 * Deletes up to `limit` of the oldest events before `before` (epoch ms), in
 * one statement that finds them through the `time` index and deletes them by
 * id, so it touches (and locks) only those rows:
 * - PostgreSQL: `id = any(array(…))`, which runs the subquery once and probes
 *   the primary key (`id in (…)` may be planned as a join that reads the whole table);
 * - SQLite: `id in (…)`, a list probed by rowid;
 * - MySQL cannot LIMIT a subquery on the table it deletes from, but limits
 *   the DELETE itself: `DELETE … ORDER BY time LIMIT n`, a range on the index.
 * @returns how many were deleted
 */
async function deleteBatch(ctx: SqlContext, before: number, limit: number): Promise<number> {
  const { db, tables } = ctx
  const oldest = db
    .selectFrom(tables.access_log)
    .select('id')
    .where('time', '<', before)
    .orderBy('time')
    .limit(limit)
  const statement = {
    postgres: () =>
      db.deleteFrom(tables.access_log).where(sql<boolean>`id = any(array(${oldest}))`),
    sqlite: () => db.deleteFrom(tables.access_log).where('id', 'in', oldest),
    mysql: () =>
      db.deleteFrom(tables.access_log).where('time', '<', before).orderBy('time').limit(limit),
  }[ctx.dialect]()
  const { numDeletedRows } = await statement.executeTakeFirstOrThrow()
  return Number(numDeletedRows)
}

/**
 * Runs a prune against a prepared context. Shared by {@link pruneAccessLog}
 * and the sink's `prune` method.
 * @internal
 */
export async function _pruneAccessLog(
  ctx: SqlContext,
  options: PruneAccessLogOptions,
): Promise<number> {
  return pruneInBatches(options, {
    deleteBatch: async (before, batchSize) => {
      const deleted = await deleteBatch(ctx, before.getTime(), batchSize)
      return { found: deleted, deleted }
    },
    record: (event) => writeAuditEvents(ctx, [event]),
    toError: (error) => toBackendError(`kysely:${ctx.dialect}`, 'pruneAccessLog', error),
  })
}

/**
 * Deletes the access-log events older than `before`, oldest first, in
 * batches of `batchSize` (one short DELETE each, through the index on
 * `time`), so that a large log is never locked for long. Then records one
 * event (`action: 'prune'`, scope `{}`, `count`: the events deleted), which
 * the next prune keeps as long as it is younger than `before`.
 * @param db the Kysely instance the audit sink writes through
 * @param options the cut-off, with the `tablePrefix` (and `dialect`) the sink uses
 * @returns how many events were deleted
 * @throws {InvalidArgumentError} for a bad `before`, `batchSize`, `accessor` or `reason`, before any statement
 * @throws {BackendError} when a DELETE fails (the batches before it stay deleted and are recorded)
 * @example
 * ```ts
 * // Keep 90 days, once a day.
 * const deleted = await pruneAccessLog(db, { before: new Date(Date.now() - 90 * 86_400_000), accessor: 'job:retention' })
 * ```
 */
export async function pruneAccessLog<DB>(
  db: Kysely<DB>,
  options: PruneAccessLogOptions & Omit<SqlOptions<DB>, 'db'>,
): Promise<number> {
  const { tablePrefix, dialect, ...prune } = options ?? ({} as PruneAccessLogOptions)
  return _pruneAccessLog(toSqlContext({ db, tablePrefix, dialect }, 'pruneAccessLog'), prune)
}
