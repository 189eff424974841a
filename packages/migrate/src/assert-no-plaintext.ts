/**
 * `assertNoPlaintext`: the production check that a plaintext column is empty.
 * @module
 */
import type { Kysely } from 'kysely'
import { checkTable } from './_sql-table.js'
import { PlaintextRemainsError } from './plaintext-remains-error.js'

/** Options of {@link assertNoPlaintext}. */
export interface AssertNoPlaintextOptions<DB> {
  /** The application's Kysely instance. */
  db: Kysely<DB>
  /** The table, such as `integrations`. */
  table: string
  /** The column that held plaintext secrets, such as `api_key`. */
  valueColumn: string
}

/**
 * Refuses to go on while any row holds a value in the plaintext column: call
 * it at start-up in production, after `migratePlaintextColumn` has run.
 * @param options the database, the table and the column
 * @throws {PlaintextRemainsError} with the number of rows left (never a value)
 * @throws {InvalidArgumentError} for a missing `db` or a name that is not a plain identifier
 * @example
 * ```ts
 * if (process.env.NODE_ENV === 'production') {
 *   await assertNoPlaintext({ db, table: 'integrations', valueColumn: 'api_key' })
 * }
 * ```
 */
export async function assertNoPlaintext<DB>(options: AssertNoPlaintextOptions<DB>): Promise<void> {
  const { table, valueColumn } = options ?? ({} as AssertNoPlaintextOptions<DB>)
  const db = checkTable(options?.db, { table, valueColumn }, 'assertNoPlaintext')
  const { rows } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('rows'))
    .where(valueColumn, 'is not', null)
    .executeTakeFirstOrThrow()
  const count = Number(rows)
  if (count > 0) throw new PlaintextRemainsError(table, valueColumn, count)
}
