/** A failed API call, and what it means in words a person understands. */

/** What the page was doing when the call failed, to word the message. */
export type Doing = 'list' | 'load' | 'create' | 'replace' | 'rotate' | 'delete' | 'log' | 'sign-in'

/** The actions that change a secret (the store applies them before it audits them). */
const WRITES: ReadonlySet<Doing> = new Set(['create', 'replace', 'rotate', 'delete'])

/** An error response (`{ error: { code, message } }`), or a network failure (status 0). */
export class ApiError extends Error {
  /** The HTTP status, 0 when no response came. */
  readonly status: number
  /** The API's error code (`CONFLICT`, `INVALID_NAME`, …), `NETWORK` or `UNKNOWN`. */
  readonly code: string

  constructor(status: number, code: string, message: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
  }

  /** Reads an error body; anything else becomes `UNKNOWN`. */
  static from(status: number, body: unknown): ApiError {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error
    if (typeof error?.code === 'string' && typeof error.message === 'string')
      return new ApiError(status, error.code, error.message)
    return new ApiError(status, 'UNKNOWN', `The server answered ${status}`)
  }
}

/**
 * The sentence to show for an error. The API's own message (which never holds
 * a value) is kept where it says more than the code: names, sizes, rules.
 */
export function describeError(error: unknown, doing: Doing): string {
  if (!(error instanceof ApiError))
    return 'Something went wrong in this page. Reload and try again.'
  switch (error.code) {
    case 'NETWORK':
      return 'The server could not be reached. Check that it is running, then try again.'
    case 'UNAUTHORIZED':
      return doing === 'sign-in'
        ? 'This token was not accepted. Check it and try again.'
        : 'Your session has ended: sign in again.'
    case 'FORBIDDEN':
      return 'Your token may only read: ask for a token with write access to change secrets.'
    case 'CSRF_REFUSED':
      return 'The server refused a change sent from another site.'
    case 'CONFLICT':
      if (doing === 'replace')
        return 'Someone changed this secret since you opened it, so nothing was written. The page now shows the latest version: replace again to write over it.'
      if (doing === 'create')
        return 'A secret with this name exists already: pick another name, or open it and replace its value.'
      return 'The secret changed while you were working on it. Reload and try again.'
    case 'SECRET_NOT_FOUND':
    case 'NOT_FOUND':
      return 'This secret does not exist (any more). It may have been deleted.'
    case 'INVALID_NAME':
    case 'INVALID_VALUE':
    case 'INVALID_ARGUMENT':
      return error.message
    case 'PAYLOAD_TOO_LARGE':
      return 'The value is too large for the server.'
    case 'AUDIT_FAILED':
      return WRITES.has(doing)
        ? 'The change was made, but the audit log could not record it. Tell whoever runs the server: every access must be audited.'
        : 'The audit log could not record this read, so the server refused it (every access is audited). Try again once the audit log works.'
    case 'BACKEND_ERROR':
      return 'The storage backend failed. Nothing may have been changed; try again.'
    case 'UNSUPPORTED_OPERATION':
      return 'The storage backend cannot do this.'
    default:
      return `The server failed (${error.code}). Try again; if it goes on, look at the server's log.`
  }
}
