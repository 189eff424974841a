/**
 * `createSecretsApi`: the REST API of a store as one fetch-standard handler,
 * routed by Hono, every request and response body checked against the zod
 * schemas its OpenAPI 3.1 document is generated from.
 * @module
 */
import { OpenAPIHono } from '@hono/zod-openapi'
import { serveDashboard } from './_dashboard.js'
import { errorResponse, validationError } from './_error-response.js'
import { type ApiEnv, guard } from './_guard.js'
import { checkOptions, type SecretsApiOptions } from './_options.js'
import { methodTable, type RouteContext } from './_route-kit.js'
import { createSecret } from './routes/create-secret.js'
import { deleteSecret } from './routes/delete-secret.js'
import { describeSecret } from './routes/describe-secret.js'
import { listSecrets } from './routes/list-secrets.js'
import { readAccessLog } from './routes/read-access-log.js'
import { readSecretValue } from './routes/read-secret-value.js'
import { replaceSecret } from './routes/replace-secret.js'
import { rotateSecret } from './routes/rotate-secret.js'
import { SecretsApiError } from './secrets-api-error.js'

/** An OpenAPI 3.1 document, as JSON. */
export interface OpenAPIDocument {
  openapi: string
  info: { title: string; version: string; description?: string }
  paths: Record<string, unknown>
  components?: Record<string, unknown>
  [key: string]: unknown
}

/** The API: a fetch handler and the document it serves. */
export interface SecretsApi {
  /**
   * Answers one request; never throws. Mount it as is: `Bun.serve({ fetch })`,
   * `Deno.serve(fetch)`, a Next.js route handler, `app.all('*', (c) => fetch(c.req.raw))`
   * in Hono, or `serveSecretsApi` for Node.
   */
  fetch(request: Request): Promise<Response>
  /** The OpenAPI 3.1 document (also served at `openapiPath`). */
  readonly openapi: OpenAPIDocument
}

/**
 * Builds the API over a store. Every request under `basePath` goes through
 * `authorize` first (401 without credentials, 403 for a mutation without
 * `canWrite`, 403 `CSRF_REFUSED` for a mutation with cookies from a foreign
 * origin); the scope comes from `authorize`, never from the request. Every
 * API response has `Cache-Control: no-store`; failures are `{ error: { code, message } }`.
 * With `ui: true` the operator's page is served at `uiPath` (see docs/dashboard.md).
 * @param options the store, `authorize`, and the optional routes and limits
 * @returns the fetch handler and its OpenAPI document
 * @throws {InvalidArgumentError} for missing or malformed options
 * @example
 * ```ts
 * const api = createSecretsApi({
 *   secrets,
 *   authorize: bearerTokens({ tokens: parseApiTokens(process.env.SECRETS_API_TOKENS) }),
 * })
 * const server = await serveSecretsApi({ api, port: 8080 })
 * ```
 */
export function createSecretsApi(options: SecretsApiOptions): SecretsApi {
  const config = checkOptions(options)
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.target, result.error)
    },
  })
  app.use(`${config.basePath}/*`, guard(config)) // Hono's `/x/*` matches `/x` too
  const ctx: RouteContext = { app, config }
  listSecrets(ctx)
  createSecret(ctx)
  describeSecret(ctx)
  replaceSecret(ctx)
  deleteSecret(ctx)
  rotateSecret(ctx)
  if (config.accessLog) readAccessLog(ctx, config.accessLog)
  if (config.allowValueReads) readSecretValue(ctx)
  if (config.uiPath) serveDashboard(app, config.uiPath, config.basePath)

  const allowed = methodTable(app)
  app.notFound((c) => {
    const methods = allowed(c.req.path)
    const error =
      methods.length === 0
        ? new SecretsApiError('NOT_FOUND', 'No such route')
        : new SecretsApiError('METHOD_NOT_ALLOWED', `${c.req.method} is not allowed here`, {
            headers: { Allow: methods.join(', ') },
          })
    return errorResponse(c, error, config.onError)
  })
  app.onError((error, c) => errorResponse(c, error, config.onError))

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (see docs/http-api.md); the server keeps only its SHA-256.',
  })
  const document = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: config.info,
    security: [{ bearer: [] }],
  }) as OpenAPIDocument
  const served = JSON.stringify(document) // what callers do with `openapi` changes nothing here
  app.get(config.openapiPath, (c) => c.body(served, 200, { 'Content-Type': 'application/json' }))

  return Object.freeze({
    fetch: async (request: Request) => {
      const response = await app.fetch(request)
      if (!response.headers.has('Cache-Control')) response.headers.set('Cache-Control', 'no-store')
      response.headers.set('X-Content-Type-Options', 'nosniff')
      return response
    },
    openapi: document,
  })
}
