/**
 * Retention for the access log that `mongoAuditSink` writes: deletes the
 * events older than a date, a bounded batch at a time, and records the prune
 * itself as one audit event.
 * @module
 */
import { type PruneAccessLogOptions, pruneInBatches } from '@secrets/core'
import { type MongoContext, type MongoOptions, toMongoContext } from './_collections.js'
import { toBackendError } from './_errors.js'
import { writeAuditEvents } from './_write-audit-events.js'
import type { MongoDatabase } from './mongo-database.js'

/**
 * Deletes up to `limit` of the oldest events before `before`: a `find` of
 * their ids through the `{ t }` index, then one `deleteMany` by `_id`.
 * @returns how many were found, and how many of them this call deleted
 */
async function deleteBatch(
  ctx: MongoContext,
  before: Date,
  limit: number,
): Promise<{ found: number; deleted: number }> {
  const oldest = await ctx.accessLog
    .find(
      { t: { $lt: before } },
      { projection: { _id: 1 }, sort: { t: 1 }, limit, batchSize: limit },
    )
    .toArray()
  if (oldest.length === 0) return { found: 0, deleted: 0 }
  const { deletedCount } = await ctx.accessLog.deleteMany({
    _id: { $in: oldest.map((doc) => doc._id) },
  })
  return { found: oldest.length, deleted: deletedCount }
}

/**
 * Runs a prune against a prepared context. Shared by {@link pruneAccessLog}
 * and the sink's `prune` method.
 * @internal
 */
export async function _pruneAccessLog(
  ctx: MongoContext,
  options: PruneAccessLogOptions,
): Promise<number> {
  return pruneInBatches(options, {
    deleteBatch: (before, batchSize) => deleteBatch(ctx, before, batchSize),
    record: (event) => writeAuditEvents(ctx, [event]),
    toError: (error) => toBackendError('pruneAccessLog', error),
  })
}

/**
 * Deletes the access-log events older than `before`, oldest first, in
 * batches of `batchSize` (a `find` of ids through the `{ t }` index, then one
 * `deleteMany` by `_id`), so that no single delete runs long however large
 * the log. Then records one event (`action: 'prune'`, scope `{}`, `count`:
 * the events deleted). Several processes may prune at once: each deletes
 * what the others have not.
 * @param db the database the audit sink writes to
 * @param options the cut-off, with the `collectionPrefix` the sink uses
 * @returns how many events this call deleted
 * @throws {InvalidArgumentError} for a bad `before`, `batchSize`, `accessor`, `reason` or prefix, before any I/O
 * @throws {BackendError} when a batch fails (the batches before it stay deleted and are recorded)
 * @example
 * ```ts
 * await pruneAccessLog(db, { before: new Date(Date.now() - 90 * 86_400_000), accessor: 'job:retention' })
 * ```
 */
export async function pruneAccessLog(
  db: MongoDatabase,
  options: PruneAccessLogOptions & Omit<MongoOptions, 'db'>,
): Promise<number> {
  const { collectionPrefix, ...prune } = options ?? ({} as PruneAccessLogOptions)
  return _pruneAccessLog(toMongoContext({ db, collectionPrefix }, 'pruneAccessLog'), prune)
}
