/**
 * An audit event checked and normalised the way record stores keep it: the
 * same for every store's access-log table or collection.
 * @module
 */
import type { AuditEvent } from '../audit/audit-event.js'
import { type Scope, toScope } from '../backend/scope.js'
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import { scopeHash } from './scope-hash.js'

/** An audit event as a record store keeps it. */
export interface StoredAuditEvent {
  /** Epoch milliseconds. */
  time: number
  action: string
  outcome: string
  scope: Scope
  /** The indexed form of the scope key ({@link scopeHash}). */
  scopeHash: string
  /** At most 255 characters (only an invalid name can be longer: it is cut). */
  name: string | null
  version: number | null
  accessor: string | null
  reason: string | null
  errorCode: string | null
  usedAt: string[] | null
  count: number | null
}

const NAME_LENGTH = 255
const SHORT_LENGTH = 64

/** Text as stored: NUL (which PostgreSQL text cannot hold) becomes U+FFFD, and the length is capped (in code points). */
function storedText(value: string | null | undefined, max?: number): string | null {
  if (value === null || value === undefined) return null
  const text = String(value).replaceAll('\0', '\uFFFD')
  if (max === undefined || text.length <= max) return text
  return Array.from(text).slice(0, max).join('')
}

/** Scopes canonicalised once per segments object (a resolve's events share one). */
const scopes = new WeakMap<object, Scope>()

function scopeOf(segments: AuditEvent['scope']): Scope {
  if (typeof segments !== 'object' || segments === null) return toScope(segments)
  let scope = scopes.get(segments)
  if (scope === undefined) {
    scope = toScope(segments)
    scopes.set(segments, scope)
  }
  return scope
}

/**
 * Checks an audit event and normalises it for storage.
 * @throws {InvalidArgumentError} for a malformed event; {InvalidScopeError} for a bad scope
 */
export function storedAuditEvent(event: AuditEvent): StoredAuditEvent {
  if (typeof event !== 'object' || event === null)
    throw new InvalidArgumentError('An audit event must be an object')
  const time = event.time instanceof Date ? event.time.getTime() : Number.NaN
  if (!Number.isFinite(time))
    throw new InvalidArgumentError('An audit event needs a valid "time" Date')
  const scope = scopeOf(event.scope)
  const version = event.version ?? null
  if (version !== null && !(Number.isSafeInteger(version) && version >= 0)) {
    throw new InvalidArgumentError(
      'An audit event\'s "version" must be a non-negative safe integer, or null',
    )
  }
  const count = event.count ?? null
  if (count !== null && !Number.isSafeInteger(count))
    throw new InvalidArgumentError('An audit event\'s "count" must be an integer')
  const usedAt = event.usedAt
  if (
    usedAt !== undefined &&
    !(Array.isArray(usedAt) && usedAt.every((p) => typeof p === 'string'))
  )
    throw new InvalidArgumentError('An audit event\'s "usedAt" must be an array of strings')
  return {
    time,
    action: storedText(event.action, SHORT_LENGTH) ?? '',
    outcome: storedText(event.outcome, SHORT_LENGTH) ?? '',
    scope,
    scopeHash: scopeHash(scope.key),
    name: storedText(event.name, NAME_LENGTH),
    version,
    accessor: storedText(event.accessor),
    reason: storedText(event.reason),
    errorCode: storedText(event.errorCode, SHORT_LENGTH),
    usedAt: usedAt === undefined ? null : [...usedAt],
    count,
  }
}
