/**
 * Maps (scope, name) to a `/`-separated path in a managed secret service (an
 * AWS secret name, a Vault KV path, the source of a GCP secret id) through a
 * template, and proves the mapping injective: two different (scope, name)
 * pairs never share a path.
 *
 * A template is `/`-separated segments, each one of: a literal (the service's
 * path characters except `=`), `{scope}` (every scope segment as `key=value`,
 * keys sorted, zero or more path segments), `{<key>}` (the value of that scope
 * segment, one path segment) or `{name}` (the secret name; required, last).
 * `{scope}` and `{<key>}` do not mix. Why this is injective:
 * - scope values are escaped so they hold no `/` (see {@link encodePathSegment});
 * - `{<key>}` templates fix the set of scope keys, so every value sits in a
 *   known path segment and the name is what is left;
 * - with `{scope}`, the `key=value` segments are exactly the segments that
 *   contain `=`: neither literals nor secret names may contain `=`.
 * @module
 */
import type { Scope } from '../backend/scope.js'
import { assertSecretName } from '../backend/validation.js'
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import { InvalidNameError } from '../errors/invalid-name-error.js'
import { InvalidScopeError } from '../errors/invalid-scope-error.js'

/** The default template: every scope segment as `key=value`, then the name. */
export const DEFAULT_PATH_TEMPLATE = '{scope}/{name}'

/** What a service allows in paths. */
export interface PathRules {
  /** The service, for messages (`AWS`, `Vault`). */
  service: string
  /**
   * Characters a literal template segment or prefix segment may hold, as a
   * character class body such as `A-Za-z0-9_+.@-`. `=` is never allowed in
   * literals, whatever this says.
   */
  literalChars: string
  /** The longest path the service accepts. */
  maxLength: number
}

/** Compiled naming rules of one backend. */
export interface PathNaming {
  /**
   * The service path of (scope, name).
   * @throws {InvalidScopeError} when the scope's keys do not fit the template
   * @throws {InvalidNameError} for a bad name or a path over the service's limit
   */
  path(scope: Scope, name: string): string
  /**
   * What every path of this scope starts with (`''` or ending in `/`). Any
   * path that is this prefix plus a valid secret name belongs to the scope,
   * and to no other (the mapping is injective).
   * @throws {InvalidScopeError} when the scope's keys do not fit the template
   */
  scopePrefix(scope: Scope): string
}

type Part =
  | { kind: 'literal'; text: string }
  | { kind: 'scope' }
  | { kind: 'key'; key: string }
  | { kind: 'name' }

const PLACEHOLDER = /^\{([a-z][a-z0-9_]{0,31})\}$/
const KEEP = /[A-Za-z0-9_.-]/
const encoder = new TextEncoder()

/**
 * Compiles and checks a prefix and a name template against a service's rules.
 * @param prefix literal path segments put before every path (`''` for none)
 * @param template see the module comment, such as {@link DEFAULT_PATH_TEMPLATE}
 * @throws {InvalidArgumentError} naming what is wrong with either
 * @example
 * ```ts
 * const naming = compilePathNaming('myapp', '{tenant}/{name}', {
 *   service: 'Vault', literalChars: 'A-Za-z0-9_.-', maxLength: 1024,
 * })
 * naming.path(toScope({ tenant: 'acme' }), 'db/password') // 'myapp/acme/db/password'
 * ```
 */
export function compilePathNaming(prefix: string, template: string, rules: PathRules): PathNaming {
  const chars = rules.literalChars.replace(/=/g, '')
  const literal = new RegExp(`^[${chars}]+$`)
  const prefixSegment = new RegExp(`^[=${chars}]+$`)
  const shownChars = chars.replace(/A-Z/, ' A-Z ').replace(/a-z/, ' a-z ').replace(/0-9/, ' 0-9 ')
  if (
    typeof prefix !== 'string' ||
    (prefix !== '' &&
      !prefix.split('/').every((s) => prefixSegment.test(s) && s !== '.' && s !== '..'))
  ) {
    throw new InvalidArgumentError(
      `prefix ${JSON.stringify(String(prefix).slice(0, 64))} must be '' or /-separated segments of ${shownChars.trim()} =`,
    )
  }
  if (typeof template !== 'string' || template.length === 0) {
    throw new InvalidArgumentError(
      'nameTemplate must be a non-empty string such as "{tenant}/{name}"',
    )
  }
  const shown = JSON.stringify(template.slice(0, 64))
  const parts: Part[] = template.split('/').map((segment) => {
    if (segment === '{name}') return { kind: 'name' }
    if (segment === '{scope}') return { kind: 'scope' }
    const key = PLACEHOLDER.exec(segment)?.[1]
    if (key !== undefined) return { kind: 'key', key }
    if (!literal.test(segment) || segment === '.' || segment === '..') {
      throw new InvalidArgumentError(
        `nameTemplate ${shown}: segment ${JSON.stringify(segment)} must be {name}, {scope}, {<scope key>} or a literal of ${shownChars.trim()} (no "=")`,
      )
    }
    return { kind: 'literal', text: segment }
  })
  if (parts.at(-1)?.kind !== 'name' || parts.filter((p) => p.kind === 'name').length !== 1) {
    throw new InvalidArgumentError(`nameTemplate ${shown} must end with {name} and use it once`)
  }
  const scopeParts = parts.filter((p) => p.kind === 'scope').length
  const keys = parts.flatMap((p) => (p.kind === 'key' ? [p.key] : []))
  if (scopeParts > 1 || (scopeParts === 1 && keys.length > 0)) {
    throw new InvalidArgumentError(
      `nameTemplate ${shown} must use either {scope} once or named scope keys, not both`,
    )
  }
  if (new Set(keys).size !== keys.length) {
    throw new InvalidArgumentError(`nameTemplate ${shown} repeats a scope key`)
  }
  const expectedKeys = [...keys].sort().join(',')
  const head = prefix === '' ? '' : `${prefix}/`
  const body = parts.slice(0, -1)

  function scopePrefix(scope: Scope): string {
    if (scopeParts === 0) {
      const actual = Object.keys(scope.segments).sort().join(',')
      if (actual !== expectedKeys) {
        throw new InvalidScopeError(
          `This backend names secrets by ${shown}, so a scope needs exactly the keys [${expectedKeys}]; got [${actual}]`,
        )
      }
    }
    let out = head
    for (const part of body) {
      if (part.kind === 'literal') out += `${part.text}/`
      else if (part.kind === 'key') out += `${encodePathSegment(scope.segments[part.key]!)}/`
      else {
        for (const key of Object.keys(scope.segments).sort()) {
          out += `${key}=${encodePathSegment(scope.segments[key]!)}/`
        }
      }
    }
    return out
  }

  return Object.freeze({
    scopePrefix,
    path(scope: Scope, name: string): string {
      assertSecretName(name)
      const path = scopePrefix(scope) + name
      if (path.length > rules.maxLength) {
        throw new InvalidNameError(
          `Secret name ${JSON.stringify(name.slice(0, 64))} gives a path of ${path.length} characters in this scope; ${rules.service} allows ${rules.maxLength}`,
        )
      }
      return path
    },
  })
}

/**
 * Escapes a scope value into one path segment: A-Z a-z 0-9 `_ . -` stay,
 * every other UTF-8 byte becomes `@XX` (upper-case hex), `@` included. The
 * result never holds `/` or `=`, is never `.` or `..` (those are escaped),
 * and decoding is unambiguous.
 * @example encodePathSegment('zürich ☃') // 'z@C3@BCrich@20@E2@98@83'
 */
export function encodePathSegment(value: string): string {
  if (value === '.' || value === '..') return value.replace(/\./g, '@2E')
  let out = ''
  for (const char of value) {
    if (KEEP.test(char)) {
      out += char
      continue
    }
    for (const byte of encoder.encode(char)) {
      out += `@${byte.toString(16).toUpperCase().padStart(2, '0')}`
    }
  }
  return out
}

/**
 * Whether `name` passes the store's name rules (for filtering listings of
 * paths that other tools wrote).
 * @returns true for a valid secret name
 */
export function isSecretName(name: string): boolean {
  try {
    assertSecretName(name)
    return true
  } catch {
    return false
  }
}
