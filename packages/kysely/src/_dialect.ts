/**
 * Which SQL dialect a Kysely instance speaks, read from its adapter, and the
 * per-dialect limits the queries respect.
 * @module
 */
import { InvalidArgumentError } from '@secrets/core'
import { type Kysely, MysqlAdapter, PostgresAdapter, SqliteAdapter } from 'kysely'

/** The SQL dialects this package writes queries for. */
export type SqlDialect = 'postgres' | 'mysql' | 'sqlite'

const DIALECTS: readonly SqlDialect[] = ['postgres', 'mysql', 'sqlite']

/**
 * The most bind parameters one statement may carry: SQLite's
 * SQLITE_MAX_VARIABLE_NUMBER (32766 since 3.32), and the 16-bit parameter
 * count of the PostgreSQL and MySQL wire protocols (65535).
 */
export const MAX_BIND_PARAMETERS: Readonly<Record<SqlDialect, number>> = Object.freeze({
  sqlite: 32766,
  postgres: 65535,
  mysql: 65535,
})

/**
 * Reads the dialect from `db.getExecutor().adapter`. Third-party dialects
 * whose adapter extends one of Kysely's built-in adapters (PGlite, Neon,
 * libSQL and the like) are recognised too; for others pass `dialect`.
 * @param db the user's Kysely instance
 * @param override the dialect the caller named, if any
 * @throws {InvalidArgumentError} when the dialect is neither named nor recognised
 */
export function detectDialect(db: Kysely<unknown>, override?: SqlDialect): SqlDialect {
  if (override !== undefined) {
    if (!DIALECTS.includes(override)) {
      throw new InvalidArgumentError(`"dialect" must be one of ${DIALECTS.join(', ')}`)
    }
    return override
  }
  const adapter = db.getExecutor().adapter
  if (adapter instanceof PostgresAdapter) return 'postgres'
  if (adapter instanceof MysqlAdapter) return 'mysql'
  if (adapter instanceof SqliteAdapter) return 'sqlite'
  throw new InvalidArgumentError(
    `Unrecognised Kysely dialect (adapter ${adapter?.constructor?.name ?? 'unknown'}); pass "dialect": "postgres", "mysql" or "sqlite" if it speaks one of them`,
  )
}

/**
 * Splits `items` into runs whose parameter cost stays within `budget`.
 * @param cost the parameters one item adds to a statement
 */
export function chunkByParameters<T>(
  items: readonly T[],
  budget: number,
  cost: (item: T) => number,
): T[][] {
  const chunks: T[][] = []
  let current: T[] = []
  let used = 0
  for (const item of items) {
    const c = cost(item)
    if (current.length > 0 && used + c > budget) {
      chunks.push(current)
      current = []
      used = 0
    }
    current.push(item)
    used += c
  }
  if (current.length > 0) chunks.push(current)
  return chunks
}
