/**
 * `mongoAuditSink`: writes audit events to `<prefix>access_log`, one
 * `insertMany` per batch, reads them back with `query` and applies retention
 * with `prune`.
 * @module
 */
import type {
  AccessLogPage,
  AccessLogQuery,
  AuditEvent,
  AuditSink,
  PruneAccessLogOptions,
} from '@secrets/core'
import { type MongoOptions, toMongoContext } from './_collections.js'
import { writeAuditEvents } from './_write-audit-events.js'
import { _pruneAccessLog } from './prune-access-log.js'
import { _queryAccessLog } from './query-access-log.js'

/** Options of {@link mongoAuditSink}. */
export type MongoAuditSinkOptions = MongoOptions

/** An audit sink on a MongoDB collection, which can also read its events back and prune old ones. */
export interface MongoAuditSink extends AuditSink {
  /** Reads one scope's events, newest first; see {@link queryAccessLog}. */
  query(query: AccessLogQuery): Promise<AccessLogPage>
  /** Deletes events older than `before` in bounded batches, and records one `prune` event; see {@link pruneAccessLog}. */
  prune(options: PruneAccessLogOptions): Promise<number>
}

/**
 * An audit sink that appends to `<prefix>access_log` (indexed by
 * {@link ensureSecretsIndexes}). A batch (all events of one `getMany` or
 * `resolveConfig`) is one ordered `insertMany`. MongoDB has no transaction
 * here, so a batch that fails part way may leave its first events stored;
 * the write still fails, and the store then refuses the access and returns
 * no value (fail-closed, `AuditError`).
 *
 * Stored as given, with two exceptions: NUL characters become U+FFFD, and a
 * name longer than 255 characters (only an invalid one can be) is cut.
 * @param options the database and the collection prefix
 * @returns the sink, with `query` and `prune`
 * @throws {InvalidArgumentError} for a missing `db` or a bad prefix
 * @example
 * ```ts
 * const audit = mongoAuditSink({ db })
 * const secrets = createSecrets({ backend: mongoBackend({ db }), keyring, audit })
 * const page = await audit.query({ scope: { tenant: 'acme' }, limit: 50 })
 * await audit.prune({ before: new Date(Date.now() - 90 * 86_400_000), accessor: 'job:retention' })
 * ```
 */
export function mongoAuditSink(options: MongoAuditSinkOptions): MongoAuditSink {
  const ctx = toMongoContext(options, 'mongoAuditSink')
  return Object.freeze({
    write: (events: readonly AuditEvent[]) => writeAuditEvents(ctx, events),
    query: (query: AccessLogQuery) => _queryAccessLog(ctx, query),
    prune: (prune: PruneAccessLogOptions) => _pruneAccessLog(ctx, prune),
  })
}
