/**
 * @secrets/migrate: imports secrets into @secrets/core from where they lived
 * before: `.env` files, flat JSON maps, Fernet tokens (Python's
 * `cryptography.fernet`), the MCP note's AES-256-GCM records, and plaintext
 * SQL columns. Imports are idempotent and resumable, and their reports hold
 * counts, names and codes, never a value.
 * @module
 */
export { type AssertNoPlaintextOptions, assertNoPlaintext } from './assert-no-plaintext.js'
export { type DotenvSourceOptions, dotenvSource } from './dotenv-source.js'
export {
  type FernetDecryptOptions,
  type FernetKey,
  fernetDecrypt,
  parseFernetKeys,
} from './fernet-decrypt.js'
export { type FernetRecord, type FernetSourceOptions, fernetSource } from './fernet-source.js'
export type { ImportEntry, SecretSource } from './import-entry.js'
export type { ImportFailure, ImportProgress, ImportReport } from './import-report.js'
export { type ConflictPolicy, type ImportOptions, importSecrets } from './import-secrets.js'
export { type JsonMapSourceOptions, jsonMapSource } from './json-map-source.js'
export {
  type McpCollection,
  type McpRecord,
  type McpSourceOptions,
  mcpSource,
} from './mcp-source.js'
export {
  type MigrateColumnFailure,
  type MigrateColumnProgress,
  type MigrateColumnReport,
  type MigratePlaintextColumnOptions,
  migratePlaintextColumn,
} from './migrate-plaintext-column.js'
export { PlaintextRemainsError } from './plaintext-remains-error.js'
