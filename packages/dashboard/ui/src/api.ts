/**
 * The page's client of the REST API (docs/http-api.md): every call the page
 * makes goes through here. The bearer token lives in this module's memory
 * only: never in storage, a cookie or the URL, so reloading asks for it again.
 */
import type { AuditOutcome } from '@secrets/core'
import { ApiError } from './api-error.js'
import type {
  AccessLogPage,
  ListPage,
  RotateResult,
  SecretDetail,
  WriteResult,
} from './api-types.js'

let token: string | null = null
let onUnauthorized: () => void = () => {}

/** The API's base path, as the server wrote it into the page. */
const BASE =
  document.querySelector<HTMLMetaElement>('meta[name="secrets-api-base"]')?.content ?? '/secrets'

/** Sets the bearer token every later call sends (`null` forgets it). */
export function setToken(value: string | null): void {
  token = value
}

/** Whether a token was given (else the page relies on cookies or a proxy in front). */
export function hasToken(): boolean {
  return token !== null
}

/** Calls `listener` whenever the API answers 401. */
export function onSignInNeeded(listener: () => void): void {
  onUnauthorized = listener
}

interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  query?: Record<string, string | number | undefined>
  body?: unknown
  ifMatch?: number
}

async function call<T>(path: string, options: CallOptions = {}): Promise<T> {
  const url = new URL(`${BASE}${path}`, location.origin)
  for (const [key, value] of Object.entries(options.query ?? {}))
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value))
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (token !== null) headers.Authorization = `Bearer ${token}`
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  if (options.ifMatch !== undefined) headers['If-Match'] = `"${options.ifMatch}"`
  let response: Response
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      cache: 'no-store',
      credentials: 'same-origin',
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    })
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server could not be reached')
  }
  if (response.status === 204) return undefined as T
  const body: unknown = await response.json().catch(() => null)
  if (response.ok) return body as T
  const error = ApiError.from(response.status, body)
  if (response.status === 401) onUnauthorized()
  throw error
}

const one = (name: string) => `/${encodeURIComponent(name)}`

/** `GET /`: a page of secrets in name order. */
export function listSecrets(query: { prefix?: string; limit?: number; cursor?: string }) {
  return call<ListPage>('', { query })
}

/** `GET /{name}`: a secret's metadata and its versions'. */
export function describeSecret(name: string) {
  return call<SecretDetail>(one(name))
}

/** `POST /`: a new secret (409 when the name exists). */
export function createSecret(input: { name: string; value: string; description?: string }) {
  return call<WriteResult>('', { method: 'POST', body: input })
}

/** `PUT /{name}` with `If-Match`: a new version, only over `version`. */
export function replaceSecret(
  name: string,
  input: { value: string; description?: string },
  version: number,
) {
  return call<WriteResult>(one(name), { method: 'PUT', body: input, ifMatch: version })
}

/** `POST /{name}/rotate`: a new value; the previous one stays valid for `overlapSeconds`. */
export function rotateSecret(name: string, input: { value: string; overlapSeconds: number }) {
  return call<RotateResult>(`${one(name)}/rotate`, { method: 'POST', body: input })
}

/** `DELETE /{name}`: every version. */
export function deleteSecret(name: string) {
  return call<void>(one(name), { method: 'DELETE' })
}

/** `GET /{name}/access-log`: the secret's audit events, newest first. */
export function readAccessLog(
  name: string,
  query: { limit?: number; cursor?: string; outcome?: readonly AuditOutcome[] },
) {
  const { outcome, ...rest } = query
  return call<AccessLogPage>(`${one(name)}/access-log`, {
    query: { ...rest, outcome: outcome?.join(',') },
  })
}
