/**
 * `kyselyBackendFromEnv`: a SQL backend and its audit table opened from
 * environment variables, for `@secrets/env` and for applications that
 * configure themselves from the environment.
 * @module
 */
import { BackendError, type EnvBackend, type EnvSource, InvalidArgumentError } from '@secrets/core'
import { type Dialect, Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely'
import type { SqlDialect } from './_dialect.js'
import { kyselyAuditSink } from './kysely-audit-sink.js'
import { kyselyBackend } from './kysely-backend.js'
import { migrateSecretsSchema } from './migrate-secrets-schema.js'

/** The default SQLite database, relative to the working directory. */
export const DEFAULT_SQLITE_URL = 'file:./secrets.db'

const DRIVERS: Record<SqlDialect, string> = {
  sqlite: 'better-sqlite3',
  postgres: 'pg',
  mysql: 'mysql2',
}

/**
 * Opens a SQL database from environment variables, migrates its schema
 * (idempotent, safe from concurrent starts) and returns the backend and the
 * audit table over it:
 * - `SECRETS_DATABASE_URL`: for SQLite `file:PATH` (or a plain path, or
 *   `:memory:`), default `file:./secrets.db`; for PostgreSQL `postgres://…`;
 *   for MySQL/MariaDB `mysql://…` (required for both);
 * - `SECRETS_TABLE_PREFIX`: the tables' prefix, default `secrets_`.
 *
 * Needs `kysely` and the dialect's driver (`better-sqlite3`, `pg` or `mysql2`).
 * @throws {InvalidArgumentError} naming the variable that is missing or invalid (never the URL, which may hold a password)
 * @example
 * ```ts
 * const { backend, audit, close } = await kyselyBackendFromEnv(process.env, 'sqlite')
 * ```
 */
export async function kyselyBackendFromEnv(
  env: EnvSource,
  dialect: SqlDialect,
): Promise<EnvBackend> {
  const raw = env.SECRETS_DATABASE_URL || undefined
  const tablePrefix = env.SECRETS_TABLE_PREFIX || undefined
  const url = databaseUrl(dialect, raw)
  const db = new Kysely<unknown>({ dialect: await openDialect(dialect, url) })
  try {
    await migrateSecretsSchema(db, { tablePrefix })
  } catch (error) {
    await db.destroy().catch(() => undefined)
    throw error
  }
  return {
    backend: kyselyBackend({ db, tablePrefix }),
    audit: kyselyAuditSink({ db, tablePrefix }),
    close: () => db.destroy(),
  }
}

/** Checks the URL for the dialect. */
function databaseUrl(dialect: SqlDialect, raw: string | undefined): string {
  if (dialect === 'sqlite') {
    const url = raw ?? DEFAULT_SQLITE_URL
    const file = url.startsWith('file:') ? url.slice(5) : url
    if (file === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
      throw new InvalidArgumentError(
        'SECRETS_DATABASE_URL must be file:PATH (or a path, or :memory:) for SQLite',
      )
    }
    return file
  }
  const scheme = dialect === 'postgres' ? /^postgres(ql)?:\/\// : /^(mysql|mariadb):\/\//
  if (raw === undefined) {
    throw new InvalidArgumentError(
      `SECRETS_DATABASE_URL is not set: the ${dialect} backend needs it`,
    )
  }
  if (!scheme.test(raw)) {
    throw new InvalidArgumentError(
      `SECRETS_DATABASE_URL must be a ${dialect === 'postgres' ? 'postgres://' : 'mysql://'} URL for the ${dialect} backend`,
    )
  }
  return dialect === 'mysql' ? raw.replace(/^mariadb:/, 'mysql:') : raw
}

async function openDialect(dialect: SqlDialect, url: string): Promise<Dialect> {
  if (dialect === 'sqlite') {
    const { default: Database } = await load<{ default: typeof import('better-sqlite3') }>(
      'better-sqlite3',
      dialect,
    )
    let database: InstanceType<typeof Database>
    try {
      database = new Database(url)
    } catch (error) {
      // better-sqlite3's own error (a missing directory): a value-free copy names the cause.
      const code = (error as { code?: unknown }).code
      throw new BackendError(
        `The SQLite database in SECRETS_DATABASE_URL cannot be opened${typeof code === 'string' ? ` (${code})` : ''}: check that its directory exists and is writable`,
      )
    }
    if (url !== ':memory:') database.pragma('journal_mode = WAL')
    database.pragma('busy_timeout = 5000')
    return new SqliteDialect({ database })
  }
  if (dialect === 'postgres') {
    const { default: pg } = await load<{ default: typeof import('pg') }>('pg', dialect)
    return new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) })
  }
  const { createPool } = await load<typeof import('mysql2')>('mysql2', dialect)
  return new MysqlDialect({ pool: createPool({ uri: url }) })
}

/** Imports an optional peer, or says which package to install. */
async function load<T>(specifier: string, dialect: SqlDialect): Promise<T> {
  try {
    return (await import(specifier)) as T
  } catch {
    throw new InvalidArgumentError(
      `The ${dialect} backend needs ${specifier}: npm install @secrets/kysely kysely ${DRIVERS[dialect]}`,
    )
  }
}
