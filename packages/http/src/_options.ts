/**
 * The options of `createSecretsApi`, checked and frozen once. Internal.
 * @module
 */
import {
  type AccessLogSink,
  InvalidArgumentError,
  type ScopeInput,
  type SecretStore,
} from '@secrets/core'
import type { ReportedError } from './_error-response.js'

/** Who a request comes from, as `authorize` decides it. */
export interface Authorization {
  /** Who acts, recorded on every audit event (`user:alice`, `ci:deploy`). */
  accessor: string
  /** The scope every operation of the request runs in; never taken from the request itself. */
  scope: ScopeInput
  /** Whether the caller may create, replace, rotate and delete (the operator rail). */
  canWrite: boolean
}

/**
 * Decides who a request comes from: an {@link Authorization}, or `null` for
 * no or invalid credentials (401). A throw is a bug of the function and is
 * answered 500 `INTERNAL`, reported to `onError` without its message.
 */
export type Authorize = (request: Request) => Promise<Authorization | null> | Authorization | null

/** Options of {@link createSecretsApi}. */
export interface SecretsApiOptions {
  /** The store (only its `scope()` is used). */
  secrets: Pick<SecretStore, 'scope'>
  /** Required: runs first on every request but the OpenAPI document's. */
  authorize: Authorize
  /** Where the routes live. @default '/secrets' */
  basePath?: string
  /** Where the OpenAPI 3.1 document is served, outside `basePath`. @default '/openapi.json' */
  openapiPath?: string
  /** Serve `GET /{name}/value` (audited, with a reason). @default false */
  allowValueReads?: boolean
  /** The access log for `GET /{name}/access-log` (such as `kyselyAuditSink`); the route exists only with it. */
  accessLog?: Pick<AccessLogSink, 'query'>
  /** The largest request body, in bytes; a larger one gets 413 before it is read whole. @default 131072 */
  maxBodyBytes?: number
  /**
   * Origins besides the request's own from which a mutation that carries a
   * `Cookie` header is accepted (`https://admin.example.com`).
   * @default []
   */
  allowedOrigins?: readonly string[]
  /** Sees every server-side failure (5xx): errors of this library only, which hold no values. */
  onError?: (error: ReportedError) => void
  /** The document's `info`. @default { title: 'Secrets API', version: '1.0.0' } */
  info?: { title?: string; version?: string; description?: string }
  /**
   * Serve the operator's page (`@secrets/dashboard`) at `uiPath`: it calls
   * this API with the signed-in operator's token, and never shows a value.
   * @default false
   */
  ui?: boolean
  /** Where the page is served, outside `basePath`. @default '/ui' */
  uiPath?: string
}

/** The checked options. */
export interface ApiConfig {
  readonly secrets: Pick<SecretStore, 'scope'>
  readonly authorize: Authorize
  readonly basePath: string
  readonly openapiPath: string
  readonly allowValueReads: boolean
  readonly accessLog: Pick<AccessLogSink, 'query'> | undefined
  readonly maxBodyBytes: number
  readonly allowedOrigins: ReadonlySet<string>
  readonly onError: ((error: ReportedError) => void) | undefined
  readonly info: { title: string; version: string; description?: string }
  /** Where the page is served; undefined without `ui: true`. */
  readonly uiPath: string | undefined
}

const PATH = /^(?:\/[A-Za-z0-9._~-]+)+$/

/**
 * Checks the options.
 * @throws {InvalidArgumentError} naming the option at fault
 */
export function checkOptions(options: SecretsApiOptions): ApiConfig {
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError('createSecretsApi needs options: { secrets, authorize }')
  const {
    secrets,
    authorize,
    basePath = '/secrets',
    openapiPath = '/openapi.json',
    uiPath = '/ui',
  } = options
  if (typeof secrets?.scope !== 'function')
    throw new InvalidArgumentError('createSecretsApi needs `secrets`: a store from createSecrets()')
  if (typeof authorize !== 'function') {
    throw new InvalidArgumentError(
      'createSecretsApi needs `authorize(request)`: bearerTokens({ tokens }) or a function of your own',
    )
  }
  for (const [value, what] of [
    [basePath, 'basePath'],
    [openapiPath, 'openapiPath'],
    [uiPath, 'uiPath'],
  ] as const) {
    if (typeof value !== 'string' || !PATH.test(value))
      throw new InvalidArgumentError(`${what} must be a path such as /secrets (no trailing /)`)
  }
  if (within(openapiPath, basePath)) {
    throw new InvalidArgumentError(
      'openapiPath must be outside basePath, so that no secret name can shadow it',
    )
  }
  if (options.ui !== undefined && typeof options.ui !== 'boolean')
    throw new InvalidArgumentError('ui must be true or false')
  if (
    options.ui &&
    (within(uiPath, basePath) || within(basePath, uiPath) || within(openapiPath, uiPath))
  ) {
    throw new InvalidArgumentError(
      'uiPath must be apart from basePath and openapiPath, so that no secret name can shadow the page',
    )
  }
  const maxBodyBytes = options.maxBodyBytes ?? 128 * 1024
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1024)
    throw new InvalidArgumentError('maxBodyBytes must be an integer of at least 1024')
  if (options.accessLog !== undefined && typeof options.accessLog?.query !== 'function')
    throw new InvalidArgumentError('accessLog must be an access-log sink with query()')
  const allowedOrigins = new Set<string>()
  for (const origin of options.allowedOrigins ?? []) {
    if (typeof origin !== 'string' || !URL.canParse(origin) || new URL(origin).origin !== origin)
      throw new InvalidArgumentError(
        'allowedOrigins holds origins such as https://admin.example.com',
      )
    allowedOrigins.add(origin)
  }
  return Object.freeze({
    secrets,
    authorize,
    basePath,
    openapiPath,
    allowValueReads: options.allowValueReads === true,
    accessLog: options.accessLog,
    maxBodyBytes,
    allowedOrigins,
    onError: options.onError,
    info: { title: 'Secrets API', version: '1.0.0', ...options.info },
    uiPath: options.ui ? uiPath : undefined,
  })
}

/** Whether `path` is `root` or under it. */
function within(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}/`)
}
