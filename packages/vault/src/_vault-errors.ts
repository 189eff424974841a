/**
 * Vault responses and failures, classified and made safe to attach as a
 * `cause`.
 *
 * node-vault rejects with an `ApiResponseError` (`response.statusCode`,
 * `response.body.errors`) for an HTTP error, and with the HTTP client's own
 * error for a network failure. The latter carries the request it failed to
 * send: its URL, its JSON body (the value being written) and its headers
 * (`X-Vault-Token`). So a cause is always a new Error holding only the HTTP
 * status, Vault's error strings (which name paths, never values) or the
 * system error code, never the original object.
 * @module
 */
import { BackendError } from '@secrets/core'

interface ErrorShape {
  name?: unknown
  message?: unknown
  code?: unknown
  response?: { statusCode?: unknown; body?: { errors?: unknown } }
}

/** A failed Vault call, as this backend sees it. */
export interface VaultFailure {
  /** The HTTP status, or undefined for a network failure. */
  status: number | undefined
  /** Vault's error strings (empty for a network failure). */
  errors: string[]
  /** A value-free copy of the error. */
  cause: Error
}

const MAX_ERROR_TEXT = 300

/** Classifies what node-vault rejected with. */
export function vaultFailure(error: unknown): VaultFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape
  const status = typeof e.response?.statusCode === 'number' ? e.response.statusCode : undefined
  if (status !== undefined) {
    const raw = e.response?.body?.errors
    const errors = Array.isArray(raw)
      ? raw.filter((x): x is string => typeof x === 'string').map((x) => x.slice(0, MAX_ERROR_TEXT))
      : []
    const cause = new Error(errors.length > 0 ? errors.join('; ') : `HTTP ${status}`) as Error & {
      statusCode?: number
    }
    cause.name = 'VaultResponseError'
    cause.statusCode = status
    return { status, errors, cause }
  }
  // A network or client failure: keep the system error code (ECONNREFUSED, …) only.
  const code = typeof e.code === 'string' && /^[A-Z0-9_]{1,40}$/.test(e.code) ? e.code : undefined
  const cause = new Error(
    code === undefined
      ? 'The request to Vault failed (details withheld: they may quote the request)'
      : `The request to Vault failed: ${code}`,
  ) as Error & { code?: string }
  cause.name = 'VaultRequestError'
  if (code !== undefined) cause.code = code
  return { status: undefined, errors: [], cause }
}

/** Whether a failure is Vault's check-and-set mismatch. */
export function isCasMismatch(failure: VaultFailure): boolean {
  return failure.status === 400 && failure.errors.some((e) => e.includes('check-and-set parameter'))
}

/**
 * The error for a failed Vault call.
 * @param what what failed, written from paths only (`read of "secret/data/x"`)
 * @param capability the policy capability the call needs, named when Vault says 403
 */
export function backendError(
  label: string,
  what: string,
  failure: VaultFailure,
  capability?: { capability: string; path: string },
): BackendError {
  const { status, cause } = failure
  let message = `${label}: ${what} failed`
  if (status === 403 && capability !== undefined) {
    message += `: permission denied; the token's policy needs "${capability.capability}" on "${capability.path}"`
  } else if (status === 429) {
    message += ': Vault is throttling requests (HTTP 429); retry later'
  } else if (status !== undefined && status >= 500) {
    message += ` (HTTP ${status}; Vault may be sealed, in standby or overloaded)`
  } else if (status !== undefined) {
    message += ` (HTTP ${status})`
  }
  return new BackendError(message, { cause })
}
