import type { ErrorCode } from './_error-codes.js'
import { statusOf } from './_error-codes.js'

const MARKER = Symbol.for('@secrets/http/error')

/** Options of {@link SecretsApiError}. */
export interface SecretsApiErrorOptions {
  /** The status to answer with. @default the code's status */
  status?: number
  /** Headers of the error response (`WWW-Authenticate`, `Allow`). */
  headers?: Readonly<Record<string, string>>
}

/**
 * A request the API itself refused or failed on, before or besides the store:
 * no credentials (`UNAUTHORIZED`), a mutation without `canWrite`
 * (`FORBIDDEN`) or from a foreign origin with a cookie (`CSRF_REFUSED`), a
 * body that is too large, of another type or invalid, a stale `If-Match`
 * (`CONFLICT`, 412), or an unexpected failure (`INTERNAL`, which names the
 * original error's class only: its message and cause could hold a value).
 * Messages never hold a value.
 */
export class SecretsApiError extends Error {
  /** A stable code (the store's `INVALID_*` and `CONFLICT` where they fit). */
  readonly code: ErrorCode
  /** The HTTP status it is answered with. */
  readonly status: number
  /** Headers of the error response. */
  readonly headers: Readonly<Record<string, string>>
  /** Marks instances across bundle copies. */
  readonly [MARKER] = true

  /**
   * @param code the code of the error response
   * @param message what went wrong, written without any secret value
   */
  constructor(code: ErrorCode, message: string, options: SecretsApiErrorOptions = {}) {
    super(message)
    this.name = 'SecretsApiError'
    this.code = code
    this.status = options.status ?? statusOf(code)
    this.headers = Object.freeze({ ...options.headers })
  }

  /**
   * Whether `value` is a SecretsApiError, even from another copy of the library.
   * @param value anything caught
   * @returns true for an instance
   */
  static isInstance(value: unknown): value is SecretsApiError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[MARKER] === true
    )
  }

  /** A JSON form with name, code, status and message. */
  toJSON(): { name: string; code: ErrorCode; status: number; message: string } {
    return { name: this.name, code: this.code, status: this.status, message: this.message }
  }
}
