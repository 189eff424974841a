/**
 * What every request under `basePath` passes before a route sees it:
 * the CSRF rule for mutations, `authorize`, the write rail, and the body
 * limit. No request reaches the store without an authorization. Internal.
 * @module
 */
import type { ScopedSecrets } from '@secrets/core'
import type { MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { limitBody } from './_body-limit.js'
import type { ApiConfig } from './_options.js'
import { SecretsApiError } from './secrets-api-error.js'

/** What the guard hands to routes. */
export interface ApiEnv {
  Variables: {
    /** The handle on the caller's scope, from `authorize`. */
    secrets: ScopedSecrets
    /** Who acts, from `authorize`. */
    accessor: string
  }
}

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** The shape `authorize` must return; anything else is its bug (500). */
const AuthorizationShape = z.object({
  accessor: z.string().min(1).max(256),
  scope: z.record(z.string(), z.string()),
  canWrite: z.boolean(),
})

/**
 * Whether a mutation that carries a cookie comes from a foreign site: its
 * `Origin` is neither the request's own nor allowed, or (without `Origin`)
 * `Sec-Fetch-Site` says another site. Requests without cookies cannot ride
 * a browser session, so they pass.
 */
function crossSite(request: Request, allowed: ReadonlySet<string>): boolean {
  if (!request.headers.has('cookie')) return false
  const origin = request.headers.get('origin')
  if (origin !== null) return origin !== new URL(request.url).origin && !allowed.has(origin)
  const site = request.headers.get('sec-fetch-site')
  return site !== null && site !== 'same-origin' && site !== 'none'
}

/** The guard middleware. */
export function guard(config: ApiConfig): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const request = c.req.raw
    const mutation = MUTATIONS.has(request.method)
    if (mutation && crossSite(request, config.allowedOrigins)) {
      throw new SecretsApiError(
        'CSRF_REFUSED',
        'A request with cookies from another origin may not change secrets',
      )
    }
    let granted: unknown
    try {
      granted = await config.authorize(request)
    } catch (error) {
      const kind = error instanceof Error ? error.name : typeof error
      throw new SecretsApiError('INTERNAL', `authorize(request) threw a ${kind}`)
    }
    if (granted === null || granted === undefined) {
      throw new SecretsApiError('UNAUTHORIZED', 'Credentials are missing or invalid', {
        headers: { 'WWW-Authenticate': 'Bearer realm="secrets"' },
      })
    }
    const auth = AuthorizationShape.safeParse(granted)
    if (!auth.success) {
      throw new SecretsApiError(
        'INTERNAL',
        'authorize(request) returned something other than { accessor, scope, canWrite }',
      )
    }
    if (mutation && !auth.data.canWrite)
      throw new SecretsApiError('FORBIDDEN', 'These credentials may not change secrets')
    c.set('secrets', config.secrets.scope(auth.data.scope))
    c.set('accessor', auth.data.accessor)
    await limitBody(c, config.maxBodyBytes)
    await next()
  }
}
