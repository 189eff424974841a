/**
 * The tables of `kyselyBackend` and `kyselyAuditSink`, as Kysely migrations.
 *
 * Column choices, the same on every dialect unless noted:
 * - `scope_hash`: hex SHA-256 of the canonical scope key, 64 ASCII characters,
 *   the indexed scope column (a full scope key can pass index key limits);
 *   `scope_key` keeps the key itself, unindexed.
 * - `name`: up to 255 characters compared byte-wise (`COLLATE "C"` on
 *   PostgreSQL, `utf8mb4_bin` on MySQL/MariaDB, SQLite's default BINARY), so
 *   `Api_Key` and `API_KEY` are two secrets and listings come in byte order.
 *   On MySQL the (scope_hash, name, version) key is 64 + 4 × 255 + 8 = 1092
 *   bytes, within InnoDB's 3072-byte limit for the DYNAMIC row format (the
 *   default since MySQL 5.7.9 and MariaDB 10.2.2).
 * - times: epoch milliseconds in a BIGINT, which no driver or session time
 *   zone can shift; version numbers: BIGINT too, so every version the core
 *   accepts (any safe integer) is storable and comparable on every dialect.
 * - `payload`: `bytea` / `longblob` / `blob` (envelopes reach 16 MiB + 256
 *   bytes, past MEDIUMBLOB).
 * - free text (descriptions, accessors, reasons): `text`, or `mediumtext` on
 *   MySQL, whose `text` stops at 64 KiB.
 * @module
 */
import { BackendError } from '@secrets/core'
import {
  type ColumnDataType,
  type Expression,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  Migrator,
  sql,
} from 'kysely'
import { detectDialect, type SqlDialect } from './_dialect.js'
import { SqlDriverError } from './_errors.js'
import { migrateSqlite } from './_migrate-sqlite.js'
import { DEFAULT_TABLE_PREFIX, type SqlOptions, type TableNames, tableNames } from './_tables.js'

/** Options of {@link secretsMigrationProvider}. */
export interface SecretsMigrationOptions {
  /**
   * Prefix of the tables (and of their indexes).
   * @default 'secrets_'
   */
  tablePrefix?: string
  /** The dialect, when it cannot be read from the Kysely instance the Migrator passes. */
  dialect?: SqlDialect
}

/** The outcome of {@link migrateSecretsSchema}. */
export interface MigrateSecretsResult {
  /** Names of the migrations this call applied, in order; empty when the schema was current. */
  applied: string[]
}

type DataType = ColumnDataType | Expression<unknown>

interface ColumnTypes {
  hash: DataType
  name: DataType
  text: DataType
  short: DataType
  int64: DataType
  bytes: DataType
}

function columnTypes(dialect: SqlDialect): ColumnTypes {
  switch (dialect) {
    case 'postgres':
      return {
        hash: sql`char(64) collate "C"`,
        name: sql`varchar(255) collate "C"`,
        text: 'text',
        short: 'varchar(64)',
        int64: 'bigint',
        bytes: 'bytea',
      }
    case 'mysql':
      return {
        hash: sql`char(64) character set ascii collate ascii_bin`,
        name: sql`varchar(255) character set utf8mb4 collate utf8mb4_bin`,
        text: sql`mediumtext character set utf8mb4 collate utf8mb4_bin`,
        short: sql`varchar(64) character set utf8mb4 collate utf8mb4_bin`,
        int64: 'bigint',
        bytes: sql`longblob`,
      }
    case 'sqlite':
      return {
        hash: 'text',
        name: 'text',
        text: 'text',
        short: 'text',
        int64: 'integer',
        bytes: 'blob',
      }
  }
}

/** MySQL table options: InnoDB, with a binary utf8mb4 default for any text column. */
const MYSQL_TABLE_OPTIONS = sql`engine = InnoDB default character set = utf8mb4 collate = utf8mb4_bin`

function initial(prefix: string, tables: TableNames, override?: SqlDialect): Migration {
  return {
    async up(migrationDb: Kysely<unknown>) {
      const db = migrationDb.withoutPlugins()
      const dialect = detectDialect(db, override)
      const t = columnTypes(dialect)
      const mysql = dialect === 'mysql'

      await db.schema
        .createTable(tables.heads)
        .addColumn('scope_hash', t.hash, (c) => c.notNull())
        .addColumn('name', t.name, (c) => c.notNull())
        .addColumn('scope_key', t.text, (c) => c.notNull())
        .addColumn('latest_version', t.int64, (c) => c.notNull())
        .addColumn('description', t.text)
        .addColumn('updated_by', t.text)
        .addColumn('created_at', t.int64, (c) => c.notNull())
        .addColumn('updated_at', t.int64, (c) => c.notNull())
        .addPrimaryKeyConstraint(`${prefix}heads_pk`, ['scope_hash', 'name'])
        .$call((b) => (mysql ? b.modifyEnd(MYSQL_TABLE_OPTIONS) : b))
        .execute()

      await db.schema
        .createTable(tables.versions)
        .addColumn('scope_hash', t.hash, (c) => c.notNull())
        .addColumn('name', t.name, (c) => c.notNull())
        .addColumn('version', t.int64, (c) => c.notNull())
        .addColumn('payload', t.bytes, (c) => c.notNull())
        .addColumn('created_at', t.int64, (c) => c.notNull())
        .addColumn('created_by', t.text)
        .addColumn('description', t.text)
        .addColumn('previous_expires_at', t.int64)
        .addPrimaryKeyConstraint(`${prefix}versions_pk`, ['scope_hash', 'name', 'version'])
        .$call((b) => (mysql ? b.modifyEnd(MYSQL_TABLE_OPTIONS) : b))
        .execute()

      await db.schema
        .createTable(tables.access_log)
        .addColumn('id', dialect === 'sqlite' ? 'integer' : 'bigint', (c) => {
          const pk = c.primaryKey().notNull()
          // SQLite: AUTOINCREMENT so that ids only grow, even after old rows are purged.
          return dialect === 'postgres' ? pk.generatedByDefaultAsIdentity() : pk.autoIncrement()
        })
        .addColumn('time', t.int64, (c) => c.notNull())
        .addColumn('scope_hash', t.hash, (c) => c.notNull())
        .addColumn('scope_key', t.text, (c) => c.notNull())
        .addColumn('scope', t.text, (c) => c.notNull())
        .addColumn('name', t.name)
        .addColumn('version', t.int64)
        .addColumn('action', t.short, (c) => c.notNull())
        .addColumn('outcome', t.short, (c) => c.notNull())
        .addColumn('accessor', t.text)
        .addColumn('reason', t.text)
        .addColumn('error_code', t.short)
        .addColumn('used_at', t.text)
        .addColumn('count', t.int64)
        .$call((b) => (mysql ? b.modifyEnd(MYSQL_TABLE_OPTIONS) : b))
        .execute()

      // Newest first by scope, and by scope and name: both read the index backwards from a cursor id.
      await db.schema
        .createIndex(`${prefix}access_log_scope_name_idx`)
        .on(tables.access_log)
        .columns(['scope_hash', 'name', 'id desc'])
        .execute()
      await db.schema
        .createIndex(`${prefix}access_log_scope_idx`)
        .on(tables.access_log)
        .columns(['scope_hash', 'id desc'])
        .execute()
    },

    async down(migrationDb: Kysely<unknown>) {
      const db = migrationDb.withoutPlugins()
      for (const table of [tables.access_log, tables.versions, tables.heads]) {
        await db.schema.dropTable(table).ifExists().execute()
      }
    },
  }
}

/**
 * An index on the access log's `time`, so that `pruneAccessLog` finds the
 * oldest events by range. `IF NOT EXISTS` (not on MySQL, which lacks it) lets
 * an operator build it ahead on a large log (`CREATE INDEX CONCURRENTLY` on
 * PostgreSQL) under the same name; the migration then only records itself.
 */
function accessLogTimeIndex(prefix: string, tables: TableNames, override?: SqlDialect): Migration {
  const index = `${prefix}access_log_time_idx`
  return {
    async up(migrationDb: Kysely<unknown>) {
      const db = migrationDb.withoutPlugins()
      const create = db.schema.createIndex(index).on(tables.access_log).column('time')
      await (detectDialect(db, override) === 'mysql' ? create : create.ifNotExists()).execute()
    },

    async down(migrationDb: Kysely<unknown>) {
      const db = migrationDb.withoutPlugins()
      const drop = db.schema.dropIndex(index)
      // MySQL names an index within its table; the others within the schema.
      await (detectDialect(db, override) === 'mysql' ? drop.on(tables.access_log) : drop).execute()
    },
  }
}

/**
 * The migrations as a Kysely `MigrationProvider`, for applications that run
 * Kysely's `Migrator` themselves. Give that Migrator its own history tables
 * (`migrationTableName: '<prefix>migrations'`, `migrationLockTableName:
 * '<prefix>migrations_lock'`), as {@link migrateSecretsSchema} does, so that
 * these migrations never interleave with the application's own.
 * @throws {InvalidArgumentError} for a bad prefix
 * @example
 * ```ts
 * const migrator = new Migrator({
 *   db,
 *   provider: secretsMigrationProvider(),
 *   migrationTableName: 'secrets_migrations',
 *   migrationLockTableName: 'secrets_migrations_lock',
 * })
 * await migrator.migrateToLatest()
 * ```
 */
export function secretsMigrationProvider(options: SecretsMigrationOptions = {}): MigrationProvider {
  const prefix = options.tablePrefix ?? DEFAULT_TABLE_PREFIX
  const tables = tableNames(prefix)
  const migrations: Record<string, Migration> = {
    secrets_0001_initial: initial(prefix, tables, options.dialect),
    secrets_0002_access_log_time: accessLogTimeIndex(prefix, tables, options.dialect),
  }
  return { getMigrations: async () => migrations }
}

/**
 * Creates or updates the tables with Kysely's `Migrator`, keeping its history
 * in `<prefix>migrations` (and `<prefix>migrations_lock`). Idempotent; safe to
 * run at every start, from any number of processes at once: on PostgreSQL and
 * MySQL the Migrator holds an advisory lock while it works (`pg_advisory_lock`,
 * `GET_LOCK`); on SQLite the check and the migration run under the database's
 * write lock (`BEGIN IMMEDIATE`), which waits up to the busy timeout.
 * @param db the Kysely instance (plugins on it are not applied)
 * @param options the table prefix (and dialect) the backend and audit sink use
 * @returns the migrations applied by this call
 * @throws {InvalidArgumentError} for a bad prefix or an unrecognised dialect
 * @throws {BackendError} when a migration fails (the cause holds the driver's code only)
 * @example
 * ```ts
 * await migrateSecretsSchema(db)                              // tables secrets_heads, …
 * await migrateSecretsSchema(db, { tablePrefix: 'vault_' })   // tables vault_heads, …
 * ```
 */
export async function migrateSecretsSchema<DB>(
  db: Kysely<DB>,
  options: Omit<SqlOptions<DB>, 'db'> = {},
): Promise<MigrateSecretsResult> {
  const prefix = options.tablePrefix ?? DEFAULT_TABLE_PREFIX
  const tables = tableNames(prefix)
  const unplugged = db.withoutPlugins() as Kysely<unknown>
  const dialect = detectDialect(unplugged, options.dialect)
  const props = {
    provider: secretsMigrationProvider({ tablePrefix: prefix, dialect }),
    migrationTableName: tables.migrations,
    migrationLockTableName: tables.migrationsLock,
  }
  const { error, results = [] } = await (dialect === 'sqlite'
    ? migrateSqlite(unplugged, props)
    : new Migrator({ ...props, db: unplugged }).migrateToLatest()
  ).catch((thrown: unknown): MigrationResultSet => ({ error: thrown }))
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName
    const cause = new SqlDriverError(error)
    throw new BackendError(
      `Migrating the secrets schema failed${failed ? ` in ${failed}` : ''}: ${cause.message}`,
      { cause },
    )
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) }
}
