/**
 * Audit events as `<prefix>access_log` documents, and the one `insertMany`
 * that stores a batch (shared by the audit sink and `pruneAccessLog`).
 *
 * A document: `{ _id: ObjectId, t: time, a: action, o: outcome, s:
 * scopeHash, scope: { …segments }, n: name, v: version, acc: accessor, rsn:
 * reason, e?: errorCode, u?: usedAt, c?: count }`. Stored as given, as the
 * SQL sink stores them: NUL characters in text become U+FFFD, and a name
 * longer than 255 characters (only an invalid one can be) is cut.
 * @module
 */
import {
  type AuditEvent,
  InvalidArgumentError,
  type Scope,
  scopeHash,
  toScope,
} from '@secrets/core'
import type { MongoContext } from './_collections.js'
import { guarded } from './_errors.js'
import type { MongoDocument } from './mongo-database.js'

/** The longest stored name; longer (invalid) names are cut. */
const NAME_LENGTH = 255
/** The longest action, outcome and error code. */
const SHORT_LENGTH = 64

/** Text as stored: NUL becomes U+FFFD, and the length is capped (in code points). */
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
 * One event as a document.
 * @throws {InvalidArgumentError} for a malformed event
 */
function toDocument(event: AuditEvent): MongoDocument {
  if (typeof event !== 'object' || event === null)
    throw new InvalidArgumentError('An audit event must be an object')
  if (!(event.time instanceof Date) || !Number.isFinite(event.time.getTime()))
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
  const document: MongoDocument = {
    t: new Date(event.time.getTime()),
    a: storedText(event.action, SHORT_LENGTH) ?? '',
    o: storedText(event.outcome, SHORT_LENGTH) ?? '',
    s: scopeHash(scope.key),
    scope: { ...scope.segments },
    n: storedText(event.name, NAME_LENGTH),
    v: version,
    acc: storedText(event.accessor),
    rsn: storedText(event.reason),
  }
  if (event.errorCode !== undefined) document.e = storedText(event.errorCode, SHORT_LENGTH)
  if (usedAt !== undefined) document.u = [...usedAt]
  if (count !== null) document.c = count
  return document
}

/**
 * Appends events with one ordered `insertMany` (the driver sends it as one
 * command up to 100,000 documents or 48 MB). Without a transaction a failed
 * batch may leave its first events stored; it still fails, so the store
 * refuses the access (fail-closed).
 * @throws {InvalidArgumentError} for a malformed event, before any I/O
 * @throws {BackendError} when the insert fails
 */
export async function writeAuditEvents(
  ctx: MongoContext,
  events: readonly AuditEvent[],
): Promise<void> {
  if (!Array.isArray(events)) throw new InvalidArgumentError('write needs an array of events')
  if (events.length === 0) return
  const documents = events.map(toDocument)
  await guarded('audit write', () => ctx.accessLog.insertMany(documents, { ordered: true }))
}
