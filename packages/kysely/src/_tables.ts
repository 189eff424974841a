/**
 * Table names, row types and the shared option handling of every export.
 *
 * Layout (the migration in `migrate-secrets-schema.ts` creates it):
 * - `<prefix>heads`: one row per (scope, name): the latest version number and
 *   the summary `list` returns.
 * - `<prefix>versions`: one row per version, holding the envelope.
 * - `<prefix>access_log`: audit events, newest last.
 *
 * Scopes are indexed by `scope_hash`, the lowercase hex SHA-256 of the
 * canonical scope key: a scope key can be ~19 KB (8 segments of 256
 * percent-encoded characters), past the index key limits of MySQL (3072
 * bytes) and PostgreSQL (~2.7 KB); the full key is kept beside it.
 * @module
 */
import { InvalidArgumentError } from '@secrets/core'
import type { ColumnType, Kysely } from 'kysely'
import { detectDialect, MAX_BIND_PARAMETERS, type SqlDialect } from './_dialect.js'

/** Epoch milliseconds: written as a number, read back as a number or (PostgreSQL int8) a string. */
type Millis = ColumnType<number | string, number, number>
/** A 64-bit counter: read as a number or a string depending on the driver. */
type BigCount = ColumnType<number | string, number, number>
/**
 * A version number in a BIGINT: read as a number, a string (PostgreSQL int8)
 * or a bigint (better-sqlite3 in `defaultSafeIntegers` mode); read through `Number()`.
 */
type Int = ColumnType<number | string | bigint, number, number>

/** A row of `<prefix>heads`. */
export interface HeadRow {
  scope_hash: string
  name: string
  scope_key: string
  latest_version: Int
  description: string | null
  updated_by: string | null
  created_at: Millis
  updated_at: Millis
}

/** A row of `<prefix>versions`. */
export interface VersionRow {
  scope_hash: string
  name: string
  version: Int
  payload: Uint8Array
  created_at: Millis
  created_by: string | null
  description: string | null
  previous_expires_at: Millis | null
}

/** A row of `<prefix>access_log`. */
export interface AccessLogRow {
  id: ColumnType<number | string, never, never>
  time: Millis
  scope_hash: string
  scope_key: string
  scope: string
  name: string | null
  version: Int | null
  action: string
  outcome: string
  accessor: string | null
  reason: string | null
  error_code: string | null
  used_at: string | null
  count: BigCount | null
}

/** The tables as the query builder sees them (unprefixed logical names). */
export interface SecretsDatabase {
  heads: HeadRow
  versions: VersionRow
  access_log: AccessLogRow
}

/** Table names with the prefix applied, typed as their logical names for the query builder. */
export interface TableNames {
  readonly heads: 'heads'
  readonly versions: 'versions'
  readonly access_log: 'access_log'
  /** `heads` aliased `h`, for joins. */
  readonly headsAsH: 'heads as h'
  /** `versions` aliased `v`, for joins. */
  readonly versionsAsV: 'versions as v'
  /** Kysely Migrator's history table. */
  readonly migrations: string
  /** Kysely Migrator's lock table. */
  readonly migrationsLock: string
}

/** The default table prefix. */
export const DEFAULT_TABLE_PREFIX = 'secrets_'

/** A prefix: a letter or `_`, then letters, digits and `_`; short enough for every identifier limit. */
const TABLE_PREFIX_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,23}$/

/**
 * Applies the prefix. Queries only ever name a table through these values and
 * refer to columns unqualified or through an alias, so the logical names the
 * types use never reach SQL.
 * @throws {InvalidArgumentError} for a prefix that is not a plain identifier
 */
export function tableNames(prefix: string): TableNames {
  if (typeof prefix !== 'string' || !TABLE_PREFIX_PATTERN.test(prefix)) {
    throw new InvalidArgumentError(
      `"tablePrefix" must match ${TABLE_PREFIX_PATTERN} (letters, digits and _, at most 24 characters)`,
    )
  }
  return Object.freeze({
    heads: `${prefix}heads` as 'heads',
    versions: `${prefix}versions` as 'versions',
    access_log: `${prefix}access_log` as 'access_log',
    headsAsH: `${prefix}heads as h` as 'heads as h',
    versionsAsV: `${prefix}versions as v` as 'versions as v',
    migrations: `${prefix}migrations`,
    migrationsLock: `${prefix}migrations_lock`,
  })
}

/** Options every export of this package shares. */
export interface SqlOptions<DB> {
  /** The Kysely instance; the caller owns it (and its pool) and closes it. */
  db: Kysely<DB>
  /**
   * Prefix of every table this package creates and queries.
   * @default 'secrets_'
   */
  tablePrefix?: string
  /**
   * The SQL dialect, when it cannot be read from `db`'s adapter (a
   * third-party dialect that does not extend Kysely's adapters).
   * @default read from `db.getExecutor().adapter`
   */
  dialect?: SqlDialect
}

/** What a module needs to run queries: the unplugged instance, its dialect and the table names. */
export interface SqlContext {
  readonly db: Kysely<SecretsDatabase>
  readonly dialect: SqlDialect
  readonly tables: TableNames
  readonly maxBindParameters: number
}

/**
 * Checks the shared options once and prepares the instance the queries use.
 *
 * Plugins on the caller's instance are dropped (`withoutPlugins()`): a
 * CamelCasePlugin would rename the result columns the queries read, and a
 * `withSchema()` would move the tables away from where the migration made them.
 * @param who the export being configured, for messages
 * @throws {InvalidArgumentError} for a missing `db` or a bad prefix or dialect
 */
export function toSqlContext<DB>(options: SqlOptions<DB>, who: string): SqlContext {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(`${who} needs an options object such as { db }`)
  }
  const db = options.db as unknown as Kysely<SecretsDatabase> | undefined
  if (!db || typeof db.getExecutor !== 'function' || typeof db.withoutPlugins !== 'function') {
    throw new InvalidArgumentError(`${who} needs "db": a Kysely instance (new Kysely({ dialect }))`)
  }
  const dialect = detectDialect(db as Kysely<unknown>, options.dialect)
  return Object.freeze({
    db: db.withoutPlugins(),
    dialect,
    tables: tableNames(options.tablePrefix ?? DEFAULT_TABLE_PREFIX),
    maxBindParameters: MAX_BIND_PARAMETERS[dialect],
  })
}

/** Reads an epoch-milliseconds column as a Date. */
export function toDate(value: number | string | bigint): Date {
  return new Date(Number(value))
}

/** Reads a nullable epoch-milliseconds column. */
export function toDateOrNull(value: number | string | bigint | null): Date | null {
  return value === null ? null : toDate(value)
}
