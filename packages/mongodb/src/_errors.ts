/**
 * Driver errors, made safe to surface.
 *
 * MongoDB errors carry the values they were about: a duplicate-key message
 * quotes `dup key: { versions.p: BinData(0, 6875…) }` (an envelope's bytes
 * in hex) and the error holds `keyValue`; `errorResponse` repeats the
 * server's reply; a bulk write error holds every failed operation
 * (`writeErrors[].op`, the whole document, envelope included); validation
 * failures carry `errInfo`. A driver error is therefore never attached as is:
 * the `cause` of a {@link BackendError} is a fresh {@link MongoDriverError}
 * with the driver's error name, `code`, `codeName` and the first line of its
 * message cut before any `dup key:`, quote or brace, and no stack.
 * @module
 */
import { BackendError, SecretsError } from '@secrets/core'

const MAX_MESSAGE_LENGTH = 200
const IDENTIFIER = /^[A-Za-z0-9_]{1,64}$/

/** A driver error with everything that could echo a value removed. */
export class MongoDriverError extends Error {
  /** The server's error code (`11000`) or the driver's (`ECONNREFUSED`), when there was one. */
  readonly code: number | string | undefined
  /** The server's name for the code (`DuplicateKey`), when it gave one. */
  readonly codeName: string | undefined

  /** @param error the driver's error; only its name, codes and the value-free start of its message are kept */
  constructor(error: unknown) {
    super(safeMessage(error))
    const { name, code, codeName } = (typeof error === 'object' && error !== null ? error : {}) as {
      name?: unknown
      code?: unknown
      codeName?: unknown
    }
    this.name =
      typeof name === 'string' && /^Mongo[A-Za-z]{0,60}$/.test(name) ? name : 'MongoDriverError'
    this.code =
      (typeof code === 'number' && Number.isSafeInteger(code)) ||
      (typeof code === 'string' && IDENTIFIER.test(code))
        ? code
        : undefined
    this.codeName = typeof codeName === 'string' && IDENTIFIER.test(codeName) ? codeName : undefined
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
  const cut = firstLine.search(/dup key:|['"`{]/)
  let text = cut === -1 ? firstLine : `${firstLine.slice(0, cut).trimEnd()} …`
  if (text.length > MAX_MESSAGE_LENGTH) text = `${text.slice(0, MAX_MESSAGE_LENGTH)}…`
  return text
}

/** The error code of a driver error, when it has one. */
export function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null
    ? (error as { code?: unknown }).code
    : undefined
}

/**
 * Whether a driver error is a duplicate-key violation of the index `index`
 * (read from the error's `keyPattern`, or from the index its message names).
 */
export function isDuplicateKey(error: unknown, index: string): boolean {
  if (errorCode(error) !== 11000) return false
  const { keyPattern, message } = error as { keyPattern?: unknown; message?: unknown }
  if (typeof keyPattern === 'object' && keyPattern !== null) {
    return Object.entries(keyPattern).flat().join('_') === index
  }
  return typeof message === 'string' && message.includes(` index: ${index} `)
}

/**
 * Turns anything a driver call threw into an error safe to surface. Errors of
 * this library (validation, conflicts) pass through unchanged.
 * @param operation the method that failed, such as `put`
 */
export function toBackendError(operation: string, error: unknown): Error {
  if (SecretsError.isInstance(error)) return error
  const cause = new MongoDriverError(error)
  const code = cause.code === undefined ? '' : ` [${cause.code}]`
  return new BackendError(`mongodb: ${operation} failed: ${cause.message}${code}`, { cause })
}

/** Runs a driver call, turning its errors into BackendError. */
export async function guarded<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw toBackendError(operation, error)
  }
}
