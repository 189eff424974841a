/**
 * Every failure becomes `{ error: { code, message } }` with the code's
 * status; server-side failures (5xx) go to the `onError` hook. Internal.
 * @module
 */
import { SecretsError } from '@secrets/core'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ZodError } from 'zod'
import { isErrorCode, statusOf } from './_error-codes.js'
import { ErrorBody } from './_schemas.js'
import { SecretsApiError } from './secrets-api-error.js'

/** What the `onError` hook receives: errors of this library only, which hold no values. */
export type ReportedError = SecretsError | SecretsApiError

/** The message of a 500: the detail goes to `onError`, not to the client. */
const GENERIC = 'The server failed to handle the request; its operators can see why'

/** The HTTP form of any failure. */
function classify(error: unknown): SecretsApiError | SecretsError {
  if (SecretsApiError.isInstance(error) || SecretsError.isInstance(error)) return error
  if (error instanceof HTTPException) {
    if (error.status === 415)
      return new SecretsApiError(
        'UNSUPPORTED_MEDIA_TYPE',
        'The request body must be application/json',
      )
    if (error.status === 400)
      return new SecretsApiError('INVALID_ARGUMENT', 'The request body is not valid JSON')
  }
  const kind = error instanceof Error ? error.name : typeof error
  return new SecretsApiError(
    'INTERNAL',
    `An unexpected ${kind} was thrown while handling a request`,
  )
}

/**
 * Answers a failure.
 * @param onError the hook that sees server-side failures (its own errors are ignored)
 */
export function errorResponse(
  c: Context,
  error: unknown,
  onError: ((error: ReportedError) => void) | undefined,
): Response {
  const failure = classify(error)
  const known = isErrorCode(failure.code)
  const status = SecretsApiError.isInstance(failure) ? failure.status : statusOf(failure.code)
  if (status >= 500) {
    try {
      onError?.(failure)
    } catch {
      // A failing logger must not change the answer.
    }
  }
  const body = ErrorBody.parse({
    error: {
      code: known ? failure.code : 'INTERNAL',
      message: status === 500 ? GENERIC : failure.message,
    },
  })
  const headers = SecretsApiError.isInstance(failure) ? failure.headers : {}
  return c.json(body, status as 400, { ...headers })
}

/** Where a request part is, for messages. */
const WHERE: Record<string, string> = {
  json: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
}

/**
 * The error of a request that its route's schema refused: `INVALID_NAME` or
 * `INVALID_VALUE` when the name or value is at fault, else `INVALID_ARGUMENT`.
 * zod messages describe the rule, never the input.
 */
export function validationError(target: string, error: ZodError): SecretsApiError {
  const issues = error.issues.slice(0, 5)
  const field = String(issues[0]?.path[0] ?? '')
  const code =
    field === 'name' && (target === 'param' || target === 'json')
      ? 'INVALID_NAME'
      : field === 'value' && target === 'json'
        ? 'INVALID_VALUE'
        : 'INVALID_ARGUMENT'
  const where = WHERE[target] ?? target
  const message = issues
    .map((issue) => {
      const path = issue.path.map(String).join('.')
      return `${path ? `${where}.${path}` : where}: ${issue.message}`
    })
    .join('; ')
  return new SecretsApiError(code, `Invalid request: ${message}`)
}
