/**
 * Scopes: who a secret belongs to, as a small record of string segments such
 * as `{ tenant: 'acme', user: 'alice', zone: 'prod' }`, canonicalised into one
 * stable key. There is no implicit global scope: `{}` must be asked for.
 * @module
 */
import { InvalidScopeError } from '../errors/invalid-scope-error.js'

/** Segment names: lower-case identifiers of up to 32 characters. */
export const SCOPE_SEGMENT_KEY = /^[a-z][a-z0-9_]{0,31}$/
/** The most segments a scope may have. */
export const MAX_SCOPE_SEGMENTS = 8
/** The longest segment value, in characters. */
export const MAX_SCOPE_VALUE_LENGTH = 256

/** A scope as users write it. */
export type ScopeInput = Readonly<Record<string, string>>

/** A validated scope, as backends receive it. */
export interface Scope {
  /** Segments with keys in sorted order. Frozen. */
  readonly segments: Readonly<Record<string, string>>
  /**
   * The canonical key: `key=value` pairs sorted by key, joined by `;`, with
   * values percent-encoded (`encodeURIComponent`). `''` for the empty scope.
   * Stable across releases: stores index records by it.
   */
  readonly key: string
}

/**
 * Validates and canonicalises a scope.
 * @throws {InvalidScopeError} for anything but a plain record of non-empty strings with simple keys
 * @example
 * ```ts
 * toScope({ user: 'alice', tenant: 'acme' }).key // 'tenant=acme;user=alice'
 * ```
 */
export function toScope(input: ScopeInput): Scope {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidScopeError(
      'A scope must be a plain object of string segments, such as { tenant: "acme" }; pass {} for the global scope',
    )
  }
  const proto = Object.getPrototypeOf(input)
  if (proto !== Object.prototype && proto !== null) {
    throw new InvalidScopeError('A scope must be a plain object of string segments')
  }
  const keys = Object.keys(input).sort()
  if (keys.length > MAX_SCOPE_SEGMENTS) {
    throw new InvalidScopeError(
      `A scope has at most ${MAX_SCOPE_SEGMENTS} segments, got ${keys.length}`,
    )
  }
  const segments: Record<string, string> = {}
  const parts: string[] = []
  for (const key of keys) {
    if (!SCOPE_SEGMENT_KEY.test(key)) {
      throw new InvalidScopeError(
        `Scope segment name ${JSON.stringify(key.slice(0, 40))} must match ${SCOPE_SEGMENT_KEY}`,
      )
    }
    const value = (input as Record<string, unknown>)[key]
    if (typeof value !== 'string' || value.length === 0) {
      throw new InvalidScopeError(`Scope segment "${key}" must be a non-empty string`)
    }
    if (value.length > MAX_SCOPE_VALUE_LENGTH) {
      throw new InvalidScopeError(
        `Scope segment "${key}" is longer than ${MAX_SCOPE_VALUE_LENGTH} characters`,
      )
    }
    if (!value.isWellFormed()) {
      throw new InvalidScopeError(`Scope segment "${key}" is not well-formed Unicode`)
    }
    segments[key] = value
    parts.push(`${key}=${encodeURIComponent(value)}`)
  }
  return Object.freeze({ segments: Object.freeze(segments), key: parts.join(';') })
}
