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
import { type AuditEvent, InvalidArgumentError, storedAuditEvent } from '@secrets/core'
import type { MongoContext } from './_collections.js'
import { guarded } from './_errors.js'
import type { MongoDocument } from './mongo-database.js'

/**
 * One event as a document.
 * @throws {InvalidArgumentError} for a malformed event
 */
function toDocument(event: AuditEvent): MongoDocument {
  const stored = storedAuditEvent(event)
  const document: MongoDocument = {
    t: new Date(stored.time),
    a: stored.action,
    o: stored.outcome,
    s: stored.scopeHash,
    scope: { ...stored.scope.segments },
    n: stored.name,
    v: stored.version,
    acc: stored.accessor,
    rsn: stored.reason,
  }
  if (event.errorCode !== undefined) document.e = stored.errorCode
  if (stored.usedAt !== null) document.u = stored.usedAt
  if (stored.count !== null) document.c = stored.count
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
