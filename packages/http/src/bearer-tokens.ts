/**
 * `bearerTokens`: an `authorize` for the simple case, API tokens kept as
 * SHA-256 hashes. A presented token is hashed and compared with every entry
 * in constant time (no early exit), so neither the tokens nor the timing of
 * a comparison tell anything about the others.
 * @module
 */
import { constantTimeEqual, InvalidArgumentError, type ScopeInput, toScope } from '@secrets/core'
import type { Authorization, Authorize } from './_options.js'

/** One API token, as the server keeps it: its hash and what it grants. */
export interface ApiToken extends Authorization {
  /** The token's SHA-256 in hexadecimal (see {@link hashApiToken}); never the token. */
  sha256: string
}

/** Options of {@link bearerTokens}. */
export interface BearerTokensOptions {
  /** The tokens accepted; at least one. */
  tokens: readonly ApiToken[]
}

const HEX = /^[0-9a-f]{64}$/
/** RFC 6750 `b64token`. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i

/**
 * The SHA-256 of an API token in lower-case hexadecimal, the form
 * `bearerTokens` and `SECRETS_API_TOKENS` keep.
 * @param token the token as clients send it
 * @returns 64 hexadecimal digits
 * @throws {InvalidArgumentError} for an empty token
 * @example
 * ```ts
 * const sha256 = await hashApiToken(token) // keep this, hand out `token`
 * ```
 */
export async function hashApiToken(token: string): Promise<string> {
  if (typeof token !== 'string' || token.length === 0)
    throw new InvalidArgumentError('An API token must be a non-empty string')
  return Array.from(await digest(token), (b) => b.toString(16).padStart(2, '0')).join('')
}

async function digest(token: string): Promise<Uint8Array> {
  const bytes = new TextEncoder().encode(token)
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes))
}

/**
 * An `authorize` that accepts `Authorization: Bearer <token>` for the tokens
 * whose hashes it is given, and answers `null` (401) for anything else.
 * @param options the accepted tokens' hashes, accessors, scopes and write rights
 * @returns the authorize function for `createSecretsApi`
 * @throws {InvalidArgumentError} for no tokens, a malformed hash, accessor or scope, or a hash given twice
 * @example
 * ```ts
 * const authorize = bearerTokens({
 *   tokens: [{ sha256: await hashApiToken('s3cr3t-token'), accessor: 'ci:deploy', scope: { tenant: 'acme' }, canWrite: true }],
 * })
 * ```
 */
export function bearerTokens(options: BearerTokensOptions): Authorize {
  const tokens = options?.tokens
  if (!Array.isArray(tokens) || tokens.length === 0)
    throw new InvalidArgumentError(
      'bearerTokens needs at least one token: { tokens: [{ sha256, … }] }',
    )
  const entries = tokens.map((token, i) => checkToken(token, i))
  if (new Set(entries.map((e) => e.hex)).size !== entries.length)
    throw new InvalidArgumentError('bearerTokens: two tokens have the same sha256')
  return async (request) => {
    const match = BEARER.exec(request.headers.get('authorization') ?? '')
    if (!match) return null
    const presented = await digest(match[1]!)
    let found: Authorization | null = null
    for (const entry of entries) {
      // Every entry is compared, whatever matched before.
      if (constantTimeEqual(presented, entry.hash) && found === null) found = entry.grant
    }
    return found
  }
}

function checkToken(token: ApiToken, i: number) {
  const where = `bearerTokens: token ${i + 1}`
  if (typeof token !== 'object' || token === null)
    throw new InvalidArgumentError(`${where} is not an object`)
  const { sha256, accessor, scope, canWrite } = token
  if (typeof sha256 !== 'string' || !HEX.test(sha256)) {
    throw new InvalidArgumentError(
      `${where}: sha256 must be 64 lower-case hexadecimal digits (hashApiToken(token)), never the token`,
    )
  }
  if (typeof accessor !== 'string' || accessor.length === 0 || accessor.length > 256)
    throw new InvalidArgumentError(`${where}: accessor must be 1 to 256 characters`)
  if (typeof canWrite !== 'boolean')
    throw new InvalidArgumentError(`${where}: canWrite must be true or false`)
  const segments: ScopeInput = toScope(scope).segments
  return {
    hex: sha256,
    hash: Uint8Array.from({ length: 32 }, (_, j) =>
      Number.parseInt(sha256.slice(2 * j, 2 * j + 2), 16),
    ),
    grant: Object.freeze({ accessor, scope: segments, canWrite }),
  }
}
