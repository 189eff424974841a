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
 * Kysely's built-in adapters by class name. Every copy of Kysely (its ESM and
 * CommonJS builds, two versions side by side) has its own classes, so an
 * adapter made by another copy fails `instanceof`; its class names are the same.
 */
const ADAPTER_NAMES: Readonly<Record<string, SqlDialect>> = Object.freeze({
  PostgresAdapter: 'postgres',
  MysqlAdapter: 'mysql',
  SqliteAdapter: 'sqlite',
})

/**
 * The dialect of an adapter that is, or extends, one of Kysely's built-in
 * adapters: `instanceof` for this copy of Kysely (which survives minified
 * class names), then the class names along the prototype chain for any copy.
 */
function adapterDialect(adapter: unknown): SqlDialect | undefined {
  if (adapter instanceof PostgresAdapter) return 'postgres'
  if (adapter instanceof MysqlAdapter) return 'mysql'
  if (adapter instanceof SqliteAdapter) return 'sqlite'
  if (typeof adapter !== 'object' || adapter === null) return undefined
  for (
    let proto: unknown = Object.getPrototypeOf(adapter);
    proto !== null && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    const ctor = Object.hasOwn(proto as object, 'constructor')
      ? (proto as { constructor: unknown }).constructor
      : undefined
    const className = typeof ctor === 'function' ? ctor.name : undefined
    if (className !== undefined && Object.hasOwn(ADAPTER_NAMES, className))
      return ADAPTER_NAMES[className]
  }
  return undefined
}

/**
 * Reads the dialect from `db.getExecutor().adapter`. Kysely's built-in
 * adapters are recognised from any copy of Kysely (an instance made by
 * CommonJS code works with this package's ESM build, and the reverse), and so
 * are third-party adapters that extend them (PGlite, Neon, libSQL and the
 * like); for others pass `dialect`.
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
  const dialect = adapterDialect(adapter)
  if (dialect !== undefined) return dialect
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
