/**
 * @secrets/kysely: a SQL storage backend and audit sink for @secrets/core,
 * through Kysely, on SQLite (better-sqlite3), PostgreSQL (pg) and
 * MySQL/MariaDB (mysql2).
 * @module
 */
export { MAX_BIND_PARAMETERS, type SqlDialect } from './_dialect.js'
export { SqlDriverError } from './_errors.js'
export { DEFAULT_TABLE_PREFIX, type SqlOptions } from './_tables.js'
export {
  type KyselyAuditSink,
  type KyselyAuditSinkOptions,
  kyselyAuditSink,
} from './kysely-audit-sink.js'
export { type KyselyBackendOptions, kyselyBackend } from './kysely-backend.js'
export {
  type MigrateSecretsResult,
  migrateSecretsSchema,
  type SecretsMigrationOptions,
  secretsMigrationProvider,
} from './migrate-secrets-schema.js'
export { type PruneAccessLogOptions, pruneAccessLog } from './prune-access-log.js'
export {
  type AccessLogEntry,
  type AccessLogPage,
  type AccessLogQuery,
  queryAccessLog,
} from './query-access-log.js'
