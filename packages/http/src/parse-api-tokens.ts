/**
 * `parseApiTokens`: the API tokens of `SECRETS_API_TOKENS`, for `secrets serve`.
 *
 * Entries are separated by commas or whitespace (so a `.env` value may span
 * lines); each is `sha256:<64 hex digits>:<rw|ro>:<scope>:<accessor>`, where
 * `<scope>` is `key=value` pairs joined by `;` (empty for the global scope
 * `{}`), and the accessor is the rest, colons included. Scope values and the
 * accessor are percent-decoded, so `%2C`, `%3A`, `%3B` and `%25` stand for
 * `,` `:` `;` `%`. Example:
 * `sha256:9f86…0f08:rw:tenant=acme:ci:deploy, sha256:2c26…e7ae:ro:tenant=acme;zone=prod:user:alice`.
 * @module
 */
import { InvalidArgumentError } from '@secrets/core'
import type { ApiToken } from './bearer-tokens.js'

const FORMAT = 'sha256:<64 hex digits>:<rw|ro>:<scope>:<accessor>'
const HEX = /^[0-9a-fA-F]{64}$/

/**
 * Parses API token entries (hashes, never tokens).
 * @param value the variable's value
 * @param variable its name, for messages
 * @returns the tokens, for `bearerTokens({ tokens })`
 * @throws {InvalidArgumentError} when the value is missing or empty (a server must not start
 *   without tokens), or an entry is malformed; messages name the entry by number, never its text
 * @example
 * ```ts
 * const tokens = parseApiTokens(process.env.SECRETS_API_TOKENS)
 * ```
 */
export function parseApiTokens(
  value: string | undefined,
  variable = 'SECRETS_API_TOKENS',
): ApiToken[] {
  const entries = (value ?? '').split(/[\s,]+/).filter((entry) => entry !== '')
  if (entries.length === 0) {
    throw new InvalidArgumentError(
      `${variable} is not set: give at least one API token as ${FORMAT} (see docs/http-api.md)`,
    )
  }
  return entries.map((entry, i) => parseEntry(entry, `${variable} entry ${i + 1}`))
}

function parseEntry(entry: string, where: string): ApiToken {
  const [kind, hex = '', mode, scope = '', ...accessor] = entry.split(':')
  if (kind !== 'sha256' || !HEX.test(hex) || accessor.length === 0) {
    throw new InvalidArgumentError(
      `${where} is not ${FORMAT} (give the SHA-256 of a token, hashApiToken(token), never the token)`,
    )
  }
  if (mode !== 'rw' && mode !== 'ro')
    throw new InvalidArgumentError(`${where}: the access must be rw or ro`)
  const name = decode(accessor.join(':'), where)
  if (name === '') throw new InvalidArgumentError(`${where}: the accessor is empty`)
  return {
    sha256: hex.toLowerCase(),
    accessor: name,
    scope: parseScope(scope, where),
    canWrite: mode === 'rw',
  }
}

function parseScope(text: string, where: string): Record<string, string> {
  const scope: Record<string, string> = {}
  if (text === '') return scope
  for (const pair of text.split(';')) {
    const at = pair.indexOf('=')
    const key = pair.slice(0, at)
    if (at < 1 || Object.hasOwn(scope, key))
      throw new InvalidArgumentError(`${where}: the scope must be key=value pairs joined by ;`)
    scope[key] = decode(pair.slice(at + 1), where)
  }
  return scope
}

function decode(text: string, where: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    throw new InvalidArgumentError(`${where}: bad percent-encoding`)
  }
}
