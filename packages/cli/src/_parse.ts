/**
 * Parsers of option values: scopes, durations, counts and times. A bad value
 * is a usage error (exit 1) naming the option.
 * @module
 */
import { toScope } from '@secrets/core'
import { InvalidArgumentError } from 'commander'

/**
 * A scope written `tenant=acme,user=alice`; empty or unset is the global scope `{}`.
 * @throws {InvalidArgumentError} for a segment without `=` or written twice
 * @throws {InvalidScopeError} for segment names or values the store refuses
 */
export function parseScope(text: string | undefined): Record<string, string> {
  const scope: Record<string, string> = {}
  if (text === undefined || text.trim() === '') return scope
  for (const part of text.split(',')) {
    const at = part.indexOf('=')
    const key = part.slice(0, at).trim()
    if (at <= 0 || key === '') {
      throw new InvalidArgumentError(
        `the scope must be key=value pairs separated by commas, such as tenant=acme,user=alice`,
      )
    }
    if (Object.hasOwn(scope, key)) {
      throw new InvalidArgumentError(`the scope names "${key}" twice`)
    }
    scope[key] = part.slice(at + 1).trim()
  }
  toScope(scope)
  return scope
}

const DURATION = /^(\d{1,9})(ms|s|m|h|d)$/
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/** Milliseconds of a duration such as `500ms`, `30s`, `15m`, `24h` or `7d` (a commander parser). */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim())
  if (!match) {
    throw new InvalidArgumentError('expected a duration such as 30s, 15m, 24h or 7d')
  }
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]
}

/** A whole number from 1 up (a commander parser). */
export function parsePositive(text: string): number {
  const n = Number(text)
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError('expected a whole number from 1 up')
  }
  return n
}

/** A whole number from 0 up (a commander parser, for `--if-version 0`: create only). */
export function parseCount(text: string): number {
  return text.trim() === '0' ? 0 : parsePositive(text)
}

/** A point in time: a duration ago (`1h`) or an ISO 8601 date (a commander parser). */
export function parseSince(text: string): Date {
  if (DURATION.test(text.trim())) return new Date(Date.now() - parseDuration(text))
  const date = new Date(text)
  if (!/^\d{4}-\d\d-\d\d/.test(text) || Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError(
      'expected a duration such as 1h or 7d, or a date such as 2025-01-31',
    )
  }
  return date
}

/** A TCP port, 0 to 65535 (0 picks a free one; a commander parser). */
export function parsePort(text: string): number {
  const n = text.trim() === '0' ? 0 : parsePositive(text)
  if (n > 65_535) throw new InvalidArgumentError('expected a port from 0 to 65535')
  return n
}
