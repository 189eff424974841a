/**
 * Building blocks for backend authors: what every backend checks at its
 * boundary, the path naming of managed services, a bounded pool for services
 * without batch reads, page cursors, the scope hash of record stores and the
 * access-log shapes that record stores share.
 * @module
 */
export * from './access-log.js'
export { type BackendOperations, bindBackend } from './bind-backend.js'
export type { EnvBackend, EnvSource } from './env-backend.js'
export { listCursor, type ParsedListOptions, parseListOptions } from './list-options.js'
export { assertConcurrency, mapConcurrent } from './map-concurrent.js'
export { assertPageLimit, decodeCursor, encodeCursor } from './page-cursor.js'
export {
  compilePathNaming,
  DEFAULT_PATH_TEMPLATE,
  encodePathSegment,
  isSecretName,
  type PathNaming,
  type PathRules,
} from './path-naming.js'
export { type PruneSteps, pruneInBatches } from './prune-in-batches.js'
export { assertPutInput, type PutInputLimits } from './put-input.js'
export { readEach } from './read-each.js'
export { assertRecordKeys, assertVersionNumber } from './record-keys.js'
export { scopeHash } from './scope-hash.js'
export { parseServiceOptions, type ServiceOptions } from './service-options.js'
export { type StoredAuditEvent, storedAuditEvent } from './stored-audit-event.js'
export { payloadToText, textToPayload } from './text-payload.js'
export { type VersionMetadata, versionInfoOf, versionMetadataOf } from './version-info.js'
