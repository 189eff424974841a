/**
 * Pieces every route declaration shares: JSON content, the error responses,
 * the `ETag` header, and the table of paths and methods that answers 405.
 * Internal.
 * @module
 */
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { ZodType } from 'zod'
import type { ApiEnv } from './_guard.js'
import type { ApiConfig } from './_options.js'
import { ErrorBody } from './_schemas.js'

/** What a route module gets to register itself. */
export interface RouteContext {
  readonly app: OpenAPIHono<ApiEnv>
  readonly config: ApiConfig
}

/** A JSON body or response of a schema. */
export function json<T extends ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } }
}

const DESCRIPTIONS = {
  400: 'The request breaks its schema (INVALID_NAME, INVALID_VALUE, INVALID_ARGUMENT)',
  401: 'No or invalid credentials (UNAUTHORIZED)',
  403: 'A mutation without write permission (FORBIDDEN) or from a foreign origin with cookies (CSRF_REFUSED)',
  404: 'The secret does not exist (SECRET_NOT_FOUND)',
  409: 'A conflicting write (CONFLICT)',
  412: 'If-Match named a version that is not the latest (CONFLICT)',
  413: 'The request body is too large (PAYLOAD_TOO_LARGE)',
  415: 'The request body is not application/json (UNSUPPORTED_MEDIA_TYPE)',
  500: 'An unexpected failure (INTERNAL, or a store error such as DECRYPTION_FAILED)',
  501: 'The backend cannot do this (UNSUPPORTED_OPERATION)',
  502: 'The storage backend failed (BACKEND_ERROR)',
  503: 'No audit sink recorded the access, so it was refused (AUDIT_FAILED)',
} as const

type ErrorStatus = keyof typeof DESCRIPTIONS

/** The one status a Node.js server answers by itself, before the API sees the request. */
const HEADERS_TOO_LARGE = {
  431: {
    description:
      'The request line or headers are too large (the HTTP server answers, without a body)',
  },
}

/** The error responses of a route: the ones every route has, and `extra`. */
export function errors<const S extends ErrorStatus>(...extra: S[]) {
  const statuses = [...new Set([400, 401, 500, 502, 503, ...extra] as ErrorStatus[])]
  const documented = Object.fromEntries(
    statuses.sort().map((status) => [status, json(ErrorBody, DESCRIPTIONS[status])]),
  ) as Record<400 | 401 | 500 | 502 | 503 | S, ReturnType<typeof json<typeof ErrorBody>>>
  return { ...documented, ...HEADERS_TOO_LARGE }
}

/** The error responses of a route with a request body. */
export const BODY_ERRORS = [403, 413, 415] as const

/** The `ETag` response header: the version, quoted. */
export const ETAG_HEADER = {
  ETag: {
    description: 'The version, as a strong entity tag: `"<version>"`.',
    required: true,
    schema: { type: 'string' as const, example: '"3"' },
  },
}

/** The entity tag of a version. */
export function etag(version: number): string {
  return `"${version}"`
}

/**
 * The documented methods of each path, from the routes registered on `app`,
 * to answer an undocumented method with 405 and `Allow`.
 * @returns the methods of a request path (empty when no route has that path)
 */
export function methodTable(app: OpenAPIHono<ApiEnv>): (path: string) => string[] {
  const routes: Array<{ pattern: RegExp; method: string }> = []
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue
    const source = definition.route.path
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]+')
    routes.push({
      pattern: new RegExp(`^${source}$`),
      method: definition.route.method.toUpperCase(),
    })
  }
  return (path) => {
    const methods = routes.filter((r) => r.pattern.test(path)).map((r) => r.method)
    if (methods.includes('GET')) methods.push('HEAD')
    return [...new Set(methods)]
  }
}
