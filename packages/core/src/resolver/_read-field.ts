/**
 * `#field` extraction from JSON secret values.
 * @module
 */

/** Returned by {@link _readField} when a segment is not there. */
export const _NO_FIELD: unique symbol = Symbol('no field')

/** Returned by {@link _parseJsonValue} for a value that is not JSON. */
export const _NOT_JSON: unique symbol = Symbol('not JSON')

/**
 * Follows a field path through parsed JSON: object keys (own properties only,
 * so `#constructor` or `#__proto__` never reach a prototype) and array indexes
 * written in decimal (`#hosts.0`).
 * @returns the value at the path, or {@link _NO_FIELD}
 */
export function _readField(json: unknown, field: readonly string[]): unknown {
  let current = json
  for (const segment of field) {
    if (Array.isArray(current)) {
      if (!isIndex(segment)) return _NO_FIELD
      const index = Number(segment)
      if (index >= current.length) return _NO_FIELD
      current = current[index]
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment]
    } else {
      return _NO_FIELD
    }
  }
  return current
}

function isIndex(segment: string): boolean {
  if (segment.length > 10 || (segment.length > 1 && segment.charCodeAt(0) === 0x30)) return false
  for (let i = 0; i < segment.length; i++) {
    const code = segment.charCodeAt(i)
    if (code < 0x30 || code > 0x39) return false
  }
  return true
}

/**
 * Parses a secret value as JSON without ever surfacing the parser's message,
 * which quotes the input.
 * @returns the parsed value, or {@link _NOT_JSON}
 */
export function _parseJsonValue(value: string): unknown {
  try {
    return JSON.parse(value)
  } catch {
    return _NOT_JSON
  }
}
