/**
 * Opens a migrated database under a fresh table prefix, for tests and
 * benchmarks, and counts the statements it runs.
 */
import Database from 'better-sqlite3'
import {
  type CompiledQuery,
  Kysely,
  MysqlDialect,
  PostgresDialect,
  SqliteDialect,
  sql,
} from 'kysely'
import { createPool } from 'mysql2'
import pg from 'pg'
import { migrateSecretsSchema, type SqlDialect } from '../src/index.js'

/** A dialect, and where its database is. */
export interface Target {
  dialect: SqlDialect
  /** Connection URL (a file name or `:memory:` for SQLite); undefined when not configured. */
  url: string | undefined
}

/** A migrated database under a fresh table prefix, with every statement it ran. */
export interface TestDatabase {
  dialect: SqlDialect
  db: Kysely<unknown>
  tablePrefix: string
  /** Statements executed since creation or the last `statements.length = 0` (when recording). */
  statements: CompiledQuery[]
  /** Statements executed since creation, recorded or not. */
  statementCount(): number
  /** Every cell of every table this package made (payloads as bytes). */
  cells(): Promise<Array<string | Uint8Array>>
  /** Drops the tables and closes the pool. */
  destroy(): Promise<void>
}

const TABLES = ['access_log', 'versions', 'heads', 'migrations', 'migrations_lock']

/** Options of {@link openDatabase}. */
export interface OpenOptions {
  /** Connections for PostgreSQL and MySQL. @default 10 */
  poolSize?: number
  /** Keep every statement in `statements` (benchmarks only count them). @default true */
  record?: boolean
}

/** Opens a database: a random table prefix, migrated. */
export async function openDatabase(
  target: Target,
  options: OpenOptions = {},
): Promise<TestDatabase> {
  if (!target.url) throw new Error(`${target.dialect} is not configured`)
  const { poolSize = 10, record = true } = options
  const statements: CompiledQuery[] = []
  let count = 0
  const dialect = {
    sqlite: () => new SqliteDialect({ database: new Database(target.url as string) }),
    postgres: () =>
      new PostgresDialect({ pool: new pg.Pool({ connectionString: target.url, max: poolSize }) }),
    mysql: () =>
      new MysqlDialect({
        pool: createPool({ uri: target.url as string, connectionLimit: poolSize }),
      }),
  }[target.dialect]()
  const db = new Kysely<unknown>({
    dialect,
    log: (event) => {
      if (event.level !== 'query') return
      count++
      if (record) statements.push(event.query)
    },
  })
  const tablePrefix = `t${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 10)}_`
  await migrateSecretsSchema(db, { tablePrefix })
  statements.length = 0
  return {
    dialect: target.dialect,
    db,
    tablePrefix,
    statements,
    statementCount: () => count,
    async cells() {
      const out: Array<string | Uint8Array> = []
      for (const table of ['heads', 'versions', 'access_log']) {
        const rows = await sql<
          Record<string, unknown>
        >`select * from ${sql.table(`${tablePrefix}${table}`)}`.execute(db)
        for (const row of rows.rows) {
          for (const value of Object.values(row)) {
            if (value === null) continue
            out.push(value instanceof Uint8Array ? new Uint8Array(value) : String(value))
          }
        }
      }
      return out
    },
    async destroy() {
      for (const table of TABLES)
        await db.schema.dropTable(`${tablePrefix}${table}`).ifExists().execute()
      await db.destroy()
    },
  }
}
