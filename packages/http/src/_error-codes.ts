/**
 * Every code an error response carries, and the status of each: the store's
 * codes (see `@secrets/core`'s errors) and the API's own. Internal.
 * @module
 */

/** HTTP status of each code. */
const STATUS = {
  // The store's
  INVALID_NAME: 400,
  INVALID_VALUE: 400,
  INVALID_ARGUMENT: 400,
  SECRET_NOT_FOUND: 404,
  MISSING_SECRETS: 404,
  CONFLICT: 409,
  UNSUPPORTED_OPERATION: 501,
  BACKEND_ERROR: 502,
  AUDIT_FAILED: 503,
  ABORTED: 503,
  DECRYPTION_FAILED: 500,
  UNKNOWN_KEY_ID: 500,
  INVALID_SCOPE: 500,
  INVALID_MASTER_KEY: 500,
  INVALID_CONFIG: 500,
  REKEY_INCOMPLETE: 500,
  // The API's
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CSRF_REFUSED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
} as const

/** A code of an error response. */
export type ErrorCode = keyof typeof STATUS

/** Every code, for the document's enum. */
export const ERROR_CODES = Object.keys(STATUS) as [ErrorCode, ...ErrorCode[]]

/** The HTTP status a code is answered with (`CONFLICT` is 412 instead for a failed `If-Match`). */
export function statusOf(code: string): number {
  return (STATUS as Record<string, number>)[code] ?? 500
}

/** Whether a string is a known code. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(STATUS, code)
}
