/**
 * What record stores (SQL, MongoDB) share about the access log their audit
 * sinks write: the query and page types, the check of a query and its
 * cursor, the check of prune options, and the event a prune records. One
 * shape for every store, so that switching stores changes no caller.
 * @module
 */
import { AUDIT_OUTCOMES, type AuditEvent, type AuditOutcome } from '../audit/audit-event.js'
import type { AuditSink } from '../audit/audit-sink.js'
import { type Scope, type ScopeInput, toScope } from '../backend/scope.js'
import { assertSecretName } from '../backend/validation.js'
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import { assertPageLimit, decodeCursor, encodeCursor } from './page-cursor.js'

/** What to read from the access log. */
export interface AccessLogQuery {
  /** The scope whose events to read (store-wide actions such as rekey are under `{}`). */
  scope: ScopeInput
  /** Only events about this secret name. */
  name?: string
  /** Only events that ended this way (or any of these ways). */
  outcome?: AuditOutcome | readonly AuditOutcome[]
  /**
   * Page size, 1 to 1000.
   * @default 50
   */
  limit?: number
  /** The `cursor` of the previous page. */
  cursor?: string
}

/** An audit event as stored, with its id. */
export interface AccessLogEntry extends AuditEvent {
  /** The stored event's id, increasing in insertion order within one writer (an opaque string). */
  id: string
}

/** A page of the access log. */
export interface AccessLogPage {
  /** Events, newest first. */
  items: AccessLogEntry[]
  /** Pass to the next call for older events; null on the last page. */
  cursor: string | null
}

/** What to prune. */
export interface PruneAccessLogOptions {
  /** Events whose `time` is before this are deleted; later ones are kept. */
  before: Date
  /**
   * Events per delete statement, 1 to 10,000, so no lock is held for long.
   * @default 1000
   */
  batchSize?: number
  /** Who prunes, recorded on the prune event (`job:retention`). */
  accessor?: string | null
  /** Why, recorded on the prune event. */
  reason?: string | null
}

/**
 * The audit sink of a record store (an access-log table or collection): it
 * writes events, reads them back and applies retention.
 */
export interface AccessLogSink extends AuditSink {
  /** One scope's events, newest first, in keyset pages. */
  query(query: AccessLogQuery): Promise<AccessLogPage>
  /** Deletes events older than `before` in bounded batches, and records one `prune` event. */
  prune(options: PruneAccessLogOptions): Promise<number>
}

/** A checked access-log query. */
export interface ParsedAccessLogQuery {
  scope: Scope
  name: string | undefined
  /** The outcomes to keep, deduplicated in {@link AUDIT_OUTCOMES} order; undefined for all. */
  outcomes: readonly AuditOutcome[] | undefined
  limit: number
  /** The id of the last event of the previous page: read events older than it. */
  before: string | undefined
}

/** The default page size of an access-log query. */
export const DEFAULT_ACCESS_LOG_LIMIT = 50
const MAX_ACCESS_LOG_LIMIT = 1000
const DEFAULT_PRUNE_BATCH = 1000
const MAX_PRUNE_BATCH = 10_000

/**
 * Checks an access-log query and decodes its cursor.
 * @param isId whether a string is an event id of this store (checked in cursors)
 * @throws {InvalidScopeError} for a bad scope; {InvalidArgumentError} for a bad limit, name,
 * outcome or cursor, or a cursor of a query with another name or outcome filter
 */
export function parseAccessLogQuery(
  query: unknown,
  isId: (id: string) => boolean,
): ParsedAccessLogQuery {
  if (typeof query !== 'object' || query === null)
    throw new InvalidArgumentError('The query must be an object')
  const q = query as AccessLogQuery
  const scope = toScope(q.scope)
  const { name, limit = DEFAULT_ACCESS_LOG_LIMIT, cursor } = q
  assertPageLimit(limit, MAX_ACCESS_LOG_LIMIT)
  if (name !== undefined) assertSecretName(name)
  const outcomes = q.outcome === undefined ? undefined : parseOutcomes(q.outcome)
  let before: string | undefined
  if (cursor !== undefined) {
    const [id, cursorName, cursorOutcomes] = decodeCursor(
      cursor,
      'access log',
      (v): v is [string, string | null, string[]?] =>
        Array.isArray(v) &&
        (v.length === 2 ||
          (v.length === 3 && Array.isArray(v[2]) && v[2].every((o) => typeof o === 'string'))) &&
        typeof v[0] === 'string' &&
        isId(v[0]) &&
        (v[1] === null || typeof v[1] === 'string'),
    )
    if (cursorName !== (name ?? null)) {
      throw new InvalidArgumentError(
        'This access log cursor belongs to a query with another "name": pass the same query with it',
      )
    }
    if (JSON.stringify(cursorOutcomes ?? null) !== JSON.stringify(outcomes ?? null)) {
      throw new InvalidArgumentError(
        'This access log cursor belongs to a query with another "outcome": pass the same query with it',
      )
    }
    before = id
  }
  return { scope, name, outcomes, limit, before }
}

/** Checks an `outcome` filter: one outcome or a non-empty list, as a sorted set. */
function parseOutcomes(outcome: unknown): readonly AuditOutcome[] {
  const list: readonly unknown[] = Array.isArray(outcome) ? outcome : [outcome]
  if (list.length === 0)
    throw new InvalidArgumentError('"outcome" must name at least one outcome: omit it for all')
  for (const o of list) {
    if (!(AUDIT_OUTCOMES as readonly unknown[]).includes(o)) {
      throw new InvalidArgumentError(
        `Unknown "outcome" ${describe(o)}: expected one of ${AUDIT_OUTCOMES.join(', ')}`,
      )
    }
  }
  return AUDIT_OUTCOMES.filter((o) => list.includes(o))
}

/** A bad value for a message: strings quoted and cut short, objects by their type only. */
const describe = (value: unknown): string =>
  typeof value === 'string'
    ? JSON.stringify(value.slice(0, 64))
    : value === null || ['undefined', 'number', 'boolean', 'bigint'].includes(typeof value)
      ? String(value)
      : `of type ${typeof value}`

/**
 * The cursor of the page after one that ended with event `lastId`, bound to
 * the query's name and outcome filter.
 * @param query the parsed query the page answers
 * @param more whether the store found more events than the page holds
 */
export function accessLogCursor(
  lastId: string | undefined,
  query: Pick<ParsedAccessLogQuery, 'name' | 'outcomes'>,
  more: boolean,
): string | null {
  if (!more || lastId === undefined) return null
  const { name, outcomes } = query
  return encodeCursor(
    outcomes === undefined ? [lastId, name ?? null] : [lastId, name ?? null, outcomes],
  )
}

/**
 * Checks prune options and fills in the defaults.
 * @throws {InvalidArgumentError} for a bad `before`, `batchSize`, `accessor` or `reason`
 */
export function parsePruneOptions(options: unknown): Required<PruneAccessLogOptions> {
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError('prune needs options such as { before }')
  const {
    before,
    batchSize = DEFAULT_PRUNE_BATCH,
    accessor = null,
    reason = null,
  } = options as PruneAccessLogOptions
  if (!(before instanceof Date) || !Number.isFinite(before.getTime()))
    throw new InvalidArgumentError('"before" must be a valid Date')
  assertPageLimit(batchSize, MAX_PRUNE_BATCH, 'batchSize')
  for (const [value, what] of [
    [accessor, 'accessor'],
    [reason, 'reason'],
  ] as const) {
    if (value !== null && typeof value !== 'string')
      throw new InvalidArgumentError(`"${what}" must be a string or null`)
  }
  return { before, batchSize, accessor, reason }
}

/**
 * The event a prune records about itself (scope `{}`, `count`: events deleted).
 * @param errorCode the failure's code, when the prune failed part way
 */
export function pruneEvent(
  options: Required<PruneAccessLogOptions>,
  deleted: number,
  errorCode?: string,
): AuditEvent {
  return {
    time: new Date(),
    action: 'prune',
    scope: {},
    name: null,
    version: null,
    accessor: options.accessor,
    reason: options.reason,
    count: deleted,
    outcome: errorCode === undefined ? 'success' : 'error',
    ...(errorCode === undefined ? {} : { errorCode }),
  }
}
