/**
 * Failed Secret Manager calls, classified by gRPC status code (`error.code`,
 * which the client sets over gRPC and over REST alike) and made safe to
 * attach as a `cause`.
 *
 * The client's errors carry the call's metadata and, for some failures, the
 * request itself (an AddSecretVersion request holds the value), so a cause
 * is always a new Error holding only the status code, its name and the
 * server's details string cut to 300 characters, never the original object.
 * A failure without a gRPC code (a local error inside the client) keeps no
 * text at all.
 * @module
 */
import { BackendError } from '@secrets/core'

/** The gRPC status codes this backend tells apart. */
export const Code = Object.freeze({
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNAUTHENTICATED: 16,
})

const STATUS_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const

const MAX_DETAILS = 300

/** The RPCs this backend makes, with the IAM permission each needs. */
export const PERMISSIONS = Object.freeze({
  GetSecret: 'secretmanager.secrets.get',
  CreateSecret: 'secretmanager.secrets.create',
  UpdateSecret: 'secretmanager.secrets.update',
  DeleteSecret: 'secretmanager.secrets.delete',
  ListSecrets: 'secretmanager.secrets.list',
  AddSecretVersion: 'secretmanager.versions.add',
  AccessSecretVersion: 'secretmanager.versions.access',
  ListSecretVersions: 'secretmanager.versions.list',
  DisableSecretVersion: 'secretmanager.versions.disable',
  DestroySecretVersion: 'secretmanager.versions.destroy',
})

/** An RPC's name, such as `AccessSecretVersion`. */
export type Operation = keyof typeof PERMISSIONS

/** The gRPC status code of a client error, or undefined when it has none. */
export function grpcCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'number' && Number.isInteger(code) && code >= 0 && code <= 16
    ? code
    : undefined
}

/**
 * The error for a failed call.
 * @param target the resource the call was about (a secret, version or parent name)
 */
export function rpcError(
  label: string,
  operation: Operation,
  target: string,
  error: unknown,
): BackendError {
  const code = grpcCode(error)
  let message = `${label}: ${operation} failed for "${target}"`
  if (code === Code.PERMISSION_DENIED) {
    message += `: permission denied; the caller needs the IAM permission ${PERMISSIONS[operation]} on it`
  } else if (code === Code.UNAUTHENTICATED) {
    message +=
      ': unauthenticated; check the credentials the client was built with (Application Default Credentials)'
  } else if (code === Code.RESOURCE_EXHAUSTED) {
    message += ': quota exceeded (RESOURCE_EXHAUSTED); retry later or raise the quota'
  } else if (code !== undefined) {
    message += ` (${STATUS_NAMES[code]})`
  }
  return new BackendError(message, { cause: safeCause(error, code) })
}

/** A value-free copy of a client error: code, status name and the server's details only. */
function safeCause(error: unknown, code: number | undefined): Error {
  if (code === undefined) {
    const cause = new Error(
      'The Secret Manager client failed (details withheld: they may quote the request)',
    )
    cause.name = 'SecretManagerClientError'
    return cause
  }
  const raw = (error as { details?: unknown }).details
  const details = typeof raw === 'string' ? raw.slice(0, MAX_DETAILS) : ''
  const status = STATUS_NAMES[code]!
  const cause = new Error(details ? `${code} ${status}: ${details}` : `${code} ${status}`)
  cause.name = 'SecretManagerRpcError'
  Object.assign(cause, { code, status, details })
  return cause
}
