/**
 * Maps (scope, name) to an AWS secret name through a template, and proves the
 * mapping injective: two different (scope, name) pairs never share an AWS name.
 *
 * A template is `/`-separated segments, each one of: a literal (AWS name
 * characters except `=`), `{scope}` (every scope segment as `key=value`, keys
 * sorted, zero or more path segments), `{<key>}` (the value of that scope
 * segment, one path segment) or `{name}` (the secret name; required, last).
 * `{scope}` and `{<key>}` do not mix. Why this is injective:
 * - scope values are escaped so they hold no `/` (see {@link encodeSegmentValue});
 * - `{<key>}` templates fix the set of scope keys, so every value sits in a
 *   known path segment and the name is what is left;
 * - with `{scope}`, the `key=value` segments are exactly the segments that
 *   contain `=`: neither literals nor secret names may contain `=`.
 * @module
 */
import {
  assertSecretName,
  InvalidArgumentError,
  InvalidNameError,
  InvalidScopeError,
  type Scope,
} from '@secrets/core'

/** The longest secret name AWS accepts. */
export const MAX_AWS_NAME_LENGTH = 512
/** The default template: every scope segment as `key=value`, then the name. */
export const DEFAULT_NAME_TEMPLATE = '{scope}/{name}'

const AWS_LITERAL = /^[A-Za-z0-9_+.@-]+$/
const AWS_PREFIX = /^[A-Za-z0-9_+=.@-]+(?:\/[A-Za-z0-9_+=.@-]+)*$/
const PLACEHOLDER = /^\{([a-z][a-z0-9_]{0,31})\}$/
const KEEP = /[A-Za-z0-9_.-]/
const encoder = new TextEncoder()

/** Compiled naming rules of one backend. */
export interface NameMapper {
  /**
   * The AWS secret name of (scope, name).
   * @throws {InvalidScopeError} when the scope's keys do not fit the template
   * @throws {InvalidNameError} for a bad name or an AWS name over 512 characters
   */
  awsName(scope: Scope, name: string): string
  /**
   * What every AWS name of this scope starts with (`''` or ending in `/`).
   * Any AWS name that is this prefix plus a valid secret name belongs to the
   * scope, and to no other (the mapping is injective).
   */
  scopePrefix(scope: Scope): string
}

type Part =
  | { kind: 'literal'; text: string }
  | { kind: 'scope' }
  | { kind: 'key'; key: string }
  | { kind: 'name' }

/**
 * Compiles and checks a prefix and a name template.
 * @param prefix literal path segments put before every name (`''` for none)
 * @param template see the module comment; {@link DEFAULT_NAME_TEMPLATE} when absent
 * @throws {InvalidArgumentError} naming what is wrong with either
 */
export function compileNameMapper(prefix: string, template: string): NameMapper {
  if (typeof prefix !== 'string' || (prefix !== '' && !AWS_PREFIX.test(prefix))) {
    throw new InvalidArgumentError(
      `prefix ${JSON.stringify(String(prefix).slice(0, 64))} must be '' or /-separated segments of A-Z a-z 0-9 _ + = . @ -`,
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
    if (!AWS_LITERAL.test(segment)) {
      throw new InvalidArgumentError(
        `nameTemplate ${shown}: segment ${JSON.stringify(segment)} must be {name}, {scope}, {<scope key>} or a literal of A-Z a-z 0-9 _ + . @ - (no "=")`,
      )
    }
    return { kind: 'literal', text: segment }
  })
  const last = parts.at(-1)
  if (last?.kind !== 'name' || parts.filter((p) => p.kind === 'name').length !== 1) {
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
      else if (part.kind === 'key') out += `${encodeSegmentValue(scope.segments[part.key]!)}/`
      else {
        for (const key of Object.keys(scope.segments).sort()) {
          out += `${key}=${encodeSegmentValue(scope.segments[key]!)}/`
        }
      }
    }
    return out
  }

  return Object.freeze({
    scopePrefix,
    awsName(scope: Scope, name: string): string {
      assertSecretName(name)
      const awsName = scopePrefix(scope) + name
      if (awsName.length > MAX_AWS_NAME_LENGTH) {
        throw new InvalidNameError(
          `Secret name ${JSON.stringify(name.slice(0, 64))} maps to an AWS secret name of ${awsName.length} characters in this scope; AWS allows ${MAX_AWS_NAME_LENGTH}`,
        )
      }
      return awsName
    },
  })
}

/**
 * Escapes a scope value into one AWS path segment: A-Z a-z 0-9 `_ . -` stay,
 * every other UTF-8 byte becomes `@XX` (upper-case hex), `@` included. The
 * result never holds `/`, and decoding is unambiguous.
 * @example encodeSegmentValue('zürich ☃') // 'z@C3@BCrich@20@E2@98@83'
 */
export function encodeSegmentValue(value: string): string {
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
 * Whether `name` passes the store's name rules (for filtering listings).
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
