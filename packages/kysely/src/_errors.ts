/**
 * Driver errors, made safe to surface.
 *
 * SQL drivers echo bound values: `pg` puts them in `detail` and some messages
 * (`invalid input syntax for type integer: "…"`), `mysql2` carries the whole
 * interpolated statement in `sql` and quotes it in syntax errors (`near '…'`).
 * A driver error is therefore never attached as is: the `cause` of a
 * {@link BackendError} is a fresh {@link SqlDriverError} holding the driver's
 * code and its message cut at the first quote character, with no stack,
 * `detail`, `sql` or parameters.
 * @module
 */
import { BackendError, SecretsError } from '@secrets/core'

const MAX_MESSAGE_LENGTH = 200

/** A driver error with everything that could echo a value removed. */
export class SqlDriverError extends Error {
  /** The driver's error code (`23505`, `ER_DUP_ENTRY`, `SQLITE_BUSY`), when it gave one. */
  readonly code: string | undefined

  /** @param error the driver's error; only its code and the unquoted start of its message are kept */
  constructor(error: unknown) {
    super(safeMessage(error))
    this.name = 'SqlDriverError'
    this.code = driverCode(error)
    // The stack would only point into this module; drop it with the rest.
    this.stack = `${this.name}: ${this.message}`
  }
}

function safeMessage(error: unknown): string {
  const raw =
    typeof error === 'object' && error !== null && typeof (error as Error).message === 'string'
      ? (error as Error).message
      : 'unknown driver error'
  const firstLine = raw.split('\n', 1)[0] ?? ''
  const quote = firstLine.search(/['"`]/)
  let text = quote === -1 ? firstLine : `${firstLine.slice(0, quote).trimEnd()} …`
  if (text.length > MAX_MESSAGE_LENGTH) text = `${text.slice(0, MAX_MESSAGE_LENGTH)}…`
  return text
}

function driverCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(code)) return code
  const errno = (error as { errno?: unknown }).errno
  return typeof errno === 'number' ? String(errno) : undefined
}

/** How a failed statement may be handled. */
export type ErrorKind = 'unique' | 'retry' | 'other'

/**
 * Sorts a driver error: a unique-key violation, a transient failure worth
 * retrying the transaction for (deadlock, serialization failure, busy
 * database), or anything else.
 */
export function classifyError(error: unknown): ErrorKind {
  if (typeof error !== 'object' || error === null) return 'other'
  const { code, errno } = error as { code?: unknown; errno?: unknown }
  // PostgreSQL SQLSTATE, SQLite extended result codes, MySQL error names and numbers.
  if (code === '23505' || code === 'ER_DUP_ENTRY' || errno === 1062) return 'unique'
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE')
    return 'unique'
  if (code === '40001' || code === '40P01') return 'retry'
  if (code === 'ER_LOCK_DEADLOCK' || errno === 1213) return 'retry'
  if (
    typeof code === 'string' &&
    (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
  ) {
    return 'retry'
  }
  return 'other'
}

/**
 * Turns anything a query threw into an error safe to surface. Errors of this
 * library (validation, conflicts) pass through unchanged.
 * @param backend the backend's name, such as `kysely:postgres`
 * @param operation the method that failed, such as `put`
 */
export function toBackendError(backend: string, operation: string, error: unknown): Error {
  if (SecretsError.isInstance(error)) return error
  const cause = new SqlDriverError(error)
  const code = cause.code === undefined ? '' : ` [${cause.code}]`
  return new BackendError(`${backend}: ${operation} failed: ${cause.message}${code}`, { cause })
}

/**
 * Runs a statement, turning a driver error into BackendError.
 * @param backend the backend's name, for the message
 */
export async function guarded<T>(
  backend: string,
  operation: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw toBackendError(backend, operation, error)
  }
}
