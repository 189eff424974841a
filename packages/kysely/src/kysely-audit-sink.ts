/**
 * `kyselyAuditSink`: writes audit events to `<prefix>access_log`, one
 * multi-row INSERT per batch, reads them back with `query` and applies
 * retention with `prune`.
 * @module
 */
import type {
  AccessLogPage,
  AccessLogQuery,
  AuditEvent,
  AuditSink,
  PruneAccessLogOptions,
} from '@secrets/core'
import { type SqlOptions, toSqlContext } from './_tables.js'
import { writeAuditEvents } from './_write-audit-events.js'
import { _pruneAccessLog } from './prune-access-log.js'
import { _queryAccessLog } from './query-access-log.js'

/** Options of {@link kyselyAuditSink}. */
export type KyselyAuditSinkOptions<DB> = SqlOptions<DB>

/** An audit sink on a SQL table, which can also read its events back and prune old ones. */
export interface KyselyAuditSink extends AuditSink {
  /** Reads one scope's events, newest first; see {@link queryAccessLog}. */
  query(query: AccessLogQuery): Promise<AccessLogPage>
  /** Deletes events older than `before` in bounded batches, and records one `prune` event; see {@link pruneAccessLog}. */
  prune(options: PruneAccessLogOptions): Promise<number>
}

/**
 * An audit sink that appends to `<prefix>access_log` (made by
 * {@link migrateSecretsSchema}). A batch is one multi-row INSERT (split, in
 * one transaction, only past the dialect's bind parameter limit: 2520 events
 * on SQLite, 5041 on PostgreSQL and MySQL), so the events of one
 * `resolveConfig` land together or not at all.
 *
 * Stored as given, with two exceptions: NUL characters become U+FFFD, and a
 * name longer than 255 characters (only an invalid one can be) is cut.
 * @param options the Kysely instance and the table prefix
 * @throws {InvalidArgumentError} for a missing `db` or a bad prefix
 * @example
 * ```ts
 * const audit = kyselyAuditSink({ db })
 * const secrets = createSecrets({ backend: kyselyBackend({ db }), keyring, audit })
 * const page = await audit.query({ scope: { tenant: 'acme' }, limit: 50 })
 * await audit.prune({ before: new Date(Date.now() - 90 * 86_400_000), accessor: 'job:retention' })
 * ```
 */
export function kyselyAuditSink<DB>(options: KyselyAuditSinkOptions<DB>): KyselyAuditSink {
  const ctx = toSqlContext(options, 'kyselyAuditSink')
  return Object.freeze({
    write: (events: readonly AuditEvent[]) => writeAuditEvents(ctx, events),
    query: (query: AccessLogQuery) => _queryAccessLog(ctx, query),
    prune: (prune: PruneAccessLogOptions) => _pruneAccessLog(ctx, prune),
  })
}
