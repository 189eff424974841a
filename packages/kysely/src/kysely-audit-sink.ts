/**
 * `kyselyAuditSink`: writes audit events to `<prefix>access_log`, one
 * multi-row INSERT per batch, and reads them back with `query`.
 * @module
 */
import {
  type AuditEvent,
  type AuditSink,
  InvalidArgumentError,
  type Scope,
  toScope,
} from '@secrets/core'
import type { Insertable } from 'kysely'
import { chunkByParameters } from './_dialect.js'
import { toBackendError } from './_errors.js'
import { scopeHash } from './_scope-hash.js'
import { type AccessLogRow, type SqlOptions, toSqlContext } from './_tables.js'
import { _queryAccessLog, type AccessLogPage, type AccessLogQuery } from './query-access-log.js'

/** Options of {@link kyselyAuditSink}. */
export type KyselyAuditSinkOptions<DB> = SqlOptions<DB>

/** An audit sink on a SQL table, which can also read its events back. */
export interface KyselyAuditSink extends AuditSink {
  /** Reads one scope's events, newest first; see {@link queryAccessLog}. */
  query(query: AccessLogQuery): Promise<AccessLogPage>
}

/** Bind parameters per row: every column but the id. */
const PARAMETERS_PER_ROW = 13
/** The longest `name` the column holds; longer names (only ever invalid ones) are cut. */
const NAME_LENGTH = 255
/** The longest action, outcome and error code. */
const SHORT_LENGTH = 64

/** Text as stored: NUL (which PostgreSQL text cannot hold) becomes U+FFFD, and the length is capped. */
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

function toRow(event: AuditEvent): Insertable<AccessLogRow> {
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
  if (count !== null && !Number.isSafeInteger(count)) {
    throw new InvalidArgumentError('An audit event\'s "count" must be an integer')
  }
  return {
    time,
    scope_hash: scopeHash(scope.key),
    scope_key: scope.key,
    scope: JSON.stringify(scope.segments),
    name: storedText(event.name, NAME_LENGTH),
    version,
    action: storedText(event.action, SHORT_LENGTH) ?? '',
    outcome: storedText(event.outcome, SHORT_LENGTH) ?? '',
    accessor: storedText(event.accessor),
    reason: storedText(event.reason),
    error_code: storedText(event.errorCode, SHORT_LENGTH),
    used_at: event.usedAt === undefined ? null : JSON.stringify(event.usedAt),
    count,
  }
}

/**
 * An audit sink that appends to `<prefix>access_log` (made by
 * {@link migrateSecretsSchema}). A batch is one multi-row INSERT (split, in
 * one transaction, only past the dialect's bind parameter limit: 2520 events
 * on SQLite, 5041 on PostgreSQL and MySQL), so the events of one
 * `resolveConfig` land together or not at all.
 *
 * Stored as given, with two exceptions: NUL characters become U+FFFD, and a
 * name longer than 255 characters (only an invalid one can be) is cut.
 * @param options the Kysely instance and the table prefix
 * @throws {InvalidArgumentError} for a missing `db` or a bad prefix
 * @example
 * ```ts
 * const audit = kyselyAuditSink({ db })
 * const secrets = createSecrets({ backend: kyselyBackend({ db }), keyring, audit })
 * const page = await audit.query({ scope: { tenant: 'acme' }, limit: 50 })
 * ```
 */
export function kyselyAuditSink<DB>(options: KyselyAuditSinkOptions<DB>): KyselyAuditSink {
  const ctx = toSqlContext(options, 'kyselyAuditSink')
  const { db, tables } = ctx
  const chunkParameters = ctx.maxBindParameters

  return Object.freeze({
    async write(events: readonly AuditEvent[]) {
      if (!Array.isArray(events)) throw new InvalidArgumentError('write needs an array of events')
      if (events.length === 0) return
      const rows = events.map(toRow)
      const chunks = chunkByParameters(rows, chunkParameters, () => PARAMETERS_PER_ROW)
      try {
        if (chunks.length === 1) {
          await db.insertInto(tables.access_log).values(rows).execute()
        } else {
          await db.transaction().execute(async (trx) => {
            for (const chunk of chunks)
              await trx.insertInto(tables.access_log).values(chunk).execute()
          })
        }
      } catch (error) {
        throw toBackendError(`kysely:${ctx.dialect}`, 'audit write', error)
      }
    },
    query: (query: AccessLogQuery) => _queryAccessLog(ctx, query),
  })
}
