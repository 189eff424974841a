/**
 * @secrets/http: the REST API of an @secrets store as a fetch-standard
 * handler (Hono routes, zod schemas, an OpenAPI 3.1 document generated from
 * them), bearer-token auth kept as hashes, and a Node.js server helper.
 * docs/http-api.md describes the routes, auth and errors.
 * @module
 */
export type { ErrorCode } from './_error-codes.js'
export type { ReportedError } from './_error-response.js'
export type { Authorization, Authorize, SecretsApiOptions } from './_options.js'
export {
  type ApiToken,
  type BearerTokensOptions,
  bearerTokens,
  hashApiToken,
} from './bearer-tokens.js'
export {
  createSecretsApi,
  type OpenAPIDocument,
  type SecretsApi,
} from './create-secrets-api.js'
export { parseApiTokens } from './parse-api-tokens.js'
export { SecretsApiError, type SecretsApiErrorOptions } from './secrets-api-error.js'
export {
  type RunningSecretsApi,
  type ServeSecretsApiOptions,
  serveSecretsApi,
} from './serve-secrets-api.js'
