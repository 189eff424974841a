/**
 * AWS SDK errors, classified and made safe to attach as a `cause`.
 *
 * Service errors (a JSON error body from Secrets Manager) carry AWS's message,
 * which names the secret but never echoes a value. Other failures can: when a
 * response body fails to parse, the SDK attaches the raw body text
 * (`$responseBodyText`) and the JSON parser's message quotes part of it; for
 * `GetSecretValue` that body is the secret. So the cause is always a new Error
 * holding only the name, the service's message (service errors only), the
 * fault and the request metadata, never the SDK's object itself.
 * @module
 */
import { BackendError } from '@secrets/core'

interface SdkErrorShape {
  name?: unknown
  message?: unknown
  code?: unknown
  $fault?: unknown
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown; attempts?: unknown }
}

/** The AWS error name (`ResourceNotFoundException`, …) of a service error, if it is one. */
function awsErrorName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const e = error as SdkErrorShape
  return typeof e.$fault === 'string' && typeof e.name === 'string' ? e.name : undefined
}

/** Whether `error` is an AWS service error with one of these names. */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  const name = awsErrorName(error)
  return name !== undefined && names.includes(name)
}

/**
 * A `BackendError` for a failed AWS call, with a value-free copy of the SDK error as cause.
 * @param message what failed, written from names only
 */
export function backendError(message: string, error: unknown): BackendError {
  return new BackendError(message, { cause: safeCause(error) })
}

/**
 * A value-free copy of an SDK error (or of one entry of `BatchGetSecretValue`'s `Errors`).
 * @returns an Error with name, message (service errors only), code, $fault and $metadata
 */
function safeCause(error: unknown): Error {
  if (typeof error !== 'object' || error === null) return new Error('AWS call failed')
  const e = error as SdkErrorShape & { ErrorCode?: unknown; Message?: unknown }
  if (typeof e.ErrorCode === 'string') {
    const copy = new Error(typeof e.Message === 'string' ? e.Message : e.ErrorCode)
    copy.name = e.ErrorCode
    return copy
  }
  const service = awsErrorName(error) !== undefined
  const name = typeof e.name === 'string' ? e.name : 'Error'
  const copy = new Error(
    service && typeof e.message === 'string'
      ? e.message
      : `${name} (details withheld: they may quote response data)`,
  ) as Error & Record<string, unknown>
  copy.name = name
  if (typeof e.code === 'string') copy.code = e.code
  if (service) copy.$fault = e.$fault
  if (e.$metadata && typeof e.$metadata === 'object') {
    const { httpStatusCode, requestId, attempts } = e.$metadata
    copy.$metadata = { httpStatusCode, requestId, attempts }
  }
  return copy
}
