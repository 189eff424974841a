/**
 * @secrets/kysely: a SQL storage backend and audit sink for @secrets/core,
 * through Kysely, on SQLite (better-sqlite3), PostgreSQL (pg) and
 * MySQL/MariaDB (mysql2).
 * @module
 */

/** The access-log shapes every record store shares (defined in @secrets/core). */
export type {
  AccessLogEntry,
  AccessLogPage,
  AccessLogQuery,
  PruneAccessLogOptions,
} from '@secrets/core'
export { MAX_BIND_PARAMETERS, type SqlDialect } from './_dialect.js'
export { SqlDriverError } from './_errors.js'
export { DEFAULT_TABLE_PREFIX, type SqlOptions } from './_tables.js'
export {
  type KyselyAuditSink,
  type KyselyAuditSinkOptions,
  kyselyAuditSink,
} from './kysely-audit-sink.js'
export { type KyselyBackendOptions, kyselyBackend } from './kysely-backend.js'
export { DEFAULT_SQLITE_URL, kyselyBackendFromEnv } from './kysely-backend-from-env.js'
export {
  type MigrateSecretsResult,
  migrateSecretsSchema,
  type SecretsMigrationOptions,
  secretsMigrationProvider,
} from './migrate-secrets-schema.js'
export { pruneAccessLog } from './prune-access-log.js'
export { queryAccessLog } from './query-access-log.js'
