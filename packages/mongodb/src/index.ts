/**
 * @secrets/mongodb: a MongoDB storage backend and audit sink for
 * @secrets/core, atomic without transactions (one document per secret), on
 * the Node.js driver 6 or 7.
 * @module
 */

/** The access-log shapes every record store shares (defined in @secrets/core). */
export type {
  AccessLogEntry,
  AccessLogPage,
  AccessLogQuery,
  PruneAccessLogOptions,
} from '@secrets/core'
export { DEFAULT_COLLECTION_PREFIX, type MongoOptions } from './_collections.js'
export { MongoDriverError } from './_errors.js'
export { DEFAULT_MAX_VERSIONS } from './_version-budget.js'
export { type EnsureSecretsIndexesOptions, ensureSecretsIndexes } from './ensure-secrets-indexes.js'
export {
  type MongoAuditSink,
  type MongoAuditSinkOptions,
  mongoAuditSink,
} from './mongo-audit-sink.js'
export { type MongoBackendOptions, mongoBackend } from './mongo-backend.js'
export { mongoBackendFromEnv } from './mongo-backend-from-env.js'
export type {
  MongoCollection,
  MongoCursor,
  MongoDatabase,
  MongoDocument,
  MongoFindOptions,
  MongoIndexSpec,
  MongoUpdateOneModel,
} from './mongo-database.js'
export { pruneAccessLog } from './prune-access-log.js'
export { queryAccessLog } from './query-access-log.js'
