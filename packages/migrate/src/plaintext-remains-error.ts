/**
 * `PlaintextRemainsError`: rows still hold a plaintext secret.
 *
 * Not a subclass of `SecretsError`: the core's `SecretsErrorCode` is a closed
 * union, so this class carries its own code and cross-bundle marker, with
 * the same `isInstance()` and `toJSON()` shape.
 * @module
 */

const MARKER = Symbol.for('@secrets/migrate/plaintext-remains-error')

/**
 * A table's column still holds plaintext values: run `migratePlaintextColumn`
 * again (it resumes), and look at its report's `failed` rows. Thrown by
 * `assertNoPlaintext`, so that a production process refuses to start while
 * plaintext is left. The message gives the table, the column and a count.
 */
export class PlaintextRemainsError extends Error {
  /** The code every instance carries. */
  static readonly code = 'PLAINTEXT_REMAINS' as const
  /** A stable code, as on every `@secrets` error. */
  readonly code = PlaintextRemainsError.code
  /** The table. */
  readonly table: string
  /** The plaintext column. */
  readonly column: string
  /** How many rows still hold a value in it. */
  readonly rows: number
  /** Marks instances across bundle copies. */
  readonly [MARKER] = true

  /**
   * @param table the table
   * @param column the plaintext column
   * @param rows how many rows still hold a value
   */
  constructor(table: string, column: string, rows: number) {
    super(
      `${rows} row${rows === 1 ? '' : 's'} of ${table} still hold${rows === 1 ? 's' : ''} plaintext in ${column}: run migratePlaintextColumn again`,
    )
    this.name = 'PlaintextRemainsError'
    this.table = table
    this.column = column
    this.rows = rows
  }

  /**
   * Whether `value` is a `PlaintextRemainsError`, even from another copy of this package.
   * @param value anything caught
   * @returns true for an instance, by its marker
   */
  static isInstance(value: unknown): value is PlaintextRemainsError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[MARKER] === true
    )
  }

  /** A JSON form with the name, code, message, table, column and count. */
  toJSON() {
    const { name, code, message, table, column, rows } = this
    return { name, code, message, table, column, rows }
  }
}
