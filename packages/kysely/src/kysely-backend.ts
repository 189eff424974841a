/**
 * `kyselyBackend`: a `SecretBackend` over SQL tables through Kysely, for
 * SQLite (better-sqlite3), PostgreSQL (pg) and MySQL/MariaDB (mysql2). It
 * keeps envelopes only; the store seals values before they get here.
 * @module
 */
import {
  assertSecretName,
  InvalidArgumentError,
  type ListOptions,
  type ListPage,
  type PayloadUpdate,
  type PutInput,
  type RecordKey,
  type ScanPage,
  type Scope,
  SECRET_NAME_PATTERN,
  type SecretBackend,
  type SecretRecord,
  type VersionInfo,
} from '@secrets/core'
import { sql } from 'kysely'
import { decodeCursor, encodeCursor } from './_cursor.js'
import { chunkByParameters, type SqlDialect } from './_dialect.js'
import { toBackendError } from './_errors.js'
import { assertPageLimit } from './_page-limit.js'
import { putVersion } from './_put-version.js'
import { type PayloadRow, replacePayloadRows } from './_replace-payloads.js'
import { withRetry } from './_retry.js'
import { scopeHash } from './_scope-hash.js'
import { type SqlContext, type SqlOptions, toDate, toDateOrNull, toSqlContext } from './_tables.js'

/** Options of {@link kyselyBackend}. */
export interface KyselyBackendOptions<DB> extends SqlOptions<DB> {
  /**
   * The most bind parameters one statement may carry; `getMany` and
   * `replacePayloads` split into several statements only past it. Lower it
   * for a SQLite build compiled with a smaller SQLITE_MAX_VARIABLE_NUMBER.
   * @default 32766 (SQLite), 65535 (PostgreSQL, MySQL)
   */
  maxBindParameters?: number
}

/** The largest page of `list`. */
const MAX_LIST_PAGE = 1000
/** The largest page of `scan`: the largest `batchSize` the store's rekey accepts. */
const MAX_SCAN_PAGE = 10_000
/** Parameters a `getMany` statement spends besides its keys (the scope hash, once per branch). */
const GET_MANY_FIXED_PARAMETERS = 2

function assertScope(scope: Scope): void {
  if (typeof scope !== 'object' || scope === null || typeof scope.key !== 'string') {
    throw new InvalidArgumentError('A backend call needs a Scope made by toScope()')
  }
}

function assertVersion(version: unknown, what: string): asserts version is number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new InvalidArgumentError(`${what} must be a positive integer`)
  }
}

function assertText(value: unknown, what: string): asserts value is string | null {
  if (value === null) return
  if (typeof value !== 'string') throw new InvalidArgumentError(`${what} must be a string or null`)
  // PostgreSQL text cannot hold NUL; refuse it everywhere so every dialect stores the same.
  if (value.includes('\0'))
    throw new InvalidArgumentError(`${what} must not contain NUL characters`)
}

/** The driver-facing form of bytes: a Buffer view (mysql2 and better-sqlite3 bind Buffers only). */
function toDriverBytes(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** A copy, so that no caller holds a view into a driver's pooled memory. */
function fromDriverBytes(value: Uint8Array): Uint8Array {
  return new Uint8Array(value)
}

/** Whether some valid name starts with `prefix` (only name characters, all ASCII, can). */
function canPrefixAName(prefix: string): boolean {
  return prefix.length < 255
    ? SECRET_NAME_PATTERN.test(`${prefix}_`)
    : SECRET_NAME_PATTERN.test(prefix)
}

/**
 * The least string above every string that starts with `prefix`: its last
 * character moved up by one (a name prefix is ASCII, so this never overflows).
 */
function prefixUpperBound(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)
}

const isListCursor = (value: unknown): value is string =>
  typeof value === 'string' && SECRET_NAME_PATTERN.test(value)

const isScanCursor = (value: unknown): value is [string, string, number] =>
  Array.isArray(value) &&
  value.length === 3 &&
  typeof value[0] === 'string' &&
  /^[0-9a-f]{64}$/.test(value[0]) &&
  isListCursor(value[1]) &&
  Number.isSafeInteger(value[2]) &&
  value[2] >= 1

/**
 * A `SecretBackend` on SQL tables made by {@link migrateSecretsSchema}.
 *
 * - `getMany` is one statement for any number of names (latest versions
 *   through the head table, pinned versions by key), split only past the
 *   dialect's bind parameter limit.
 * - `put` is an atomic compare-and-set in one transaction (see README).
 * - Plugins on `db` are not applied to the backend's queries.
 * @param options the Kysely instance (owned and closed by the caller) and the table prefix
 * @returns a backend named `kysely:<dialect>`
 * @throws {InvalidArgumentError} for a missing `db`, a bad prefix, or an unrecognised dialect
 * @example
 * ```ts
 * const db = new Kysely({ dialect: new SqliteDialect({ database: new Database('secrets.db') }) })
 * await migrateSecretsSchema(db)
 * const secrets = createSecrets({ backend: kyselyBackend({ db }), keyring, audit: kyselyAuditSink({ db }) })
 * ```
 */
export function kyselyBackend<DB>(options: KyselyBackendOptions<DB>): SecretBackend {
  const base = toSqlContext(options, 'kyselyBackend')
  const maxBindParameters = options.maxBindParameters ?? base.maxBindParameters
  if (
    !Number.isInteger(maxBindParameters) ||
    maxBindParameters < 16 ||
    maxBindParameters > base.maxBindParameters
  ) {
    throw new InvalidArgumentError(
      `"maxBindParameters" must be an integer from 16 to ${base.maxBindParameters} for ${base.dialect}`,
    )
  }
  const ctx: SqlContext = Object.freeze({ ...base, maxBindParameters })
  const { db, tables } = ctx
  const name = `kysely:${ctx.dialect satisfies SqlDialect}`

  /** Runs a read, turning driver errors into BackendError. */
  async function guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run()
    } catch (error) {
      throw toBackendError(name, operation, error)
    }
  }

  const recordColumns = [
    'v.name',
    'v.version',
    'v.payload',
    'v.created_at',
    'v.created_by',
    'v.description',
    'v.previous_expires_at',
  ] as const

  /** One statement: latest versions through the heads, pinned versions by key. */
  function getManyStatement(hash: string, keys: readonly RecordKey[]) {
    const latest = keys.filter((k) => k.version === undefined).map((k) => k.name)
    const pinned = keys.filter((k) => k.version !== undefined)
    const latestQuery = () =>
      db
        .selectFrom(tables.headsAsH)
        .innerJoin(tables.versionsAsV, (join) =>
          join
            .onRef('v.scope_hash', '=', 'h.scope_hash')
            .onRef('v.name', '=', 'h.name')
            .onRef('v.version', '=', 'h.latest_version'),
        )
        .select(recordColumns)
        .select(sql<number>`1`.as('latest'))
        .where('h.scope_hash', '=', hash)
        .where('h.name', 'in', latest)
    const pinnedQuery = () =>
      db
        .selectFrom(tables.versionsAsV)
        .select(recordColumns)
        .select(sql<number>`0`.as('latest'))
        .where('v.scope_hash', '=', hash)
        // A flat row-value list: an OR of ANDs nests one level per key, past
        // SQLite's expression depth limit (1000) and the query compiler's stack.
        .where((eb) =>
          eb(
            eb.refTuple('v.name', 'v.version'),
            'in',
            pinned.map((k) => eb.tuple(k.name, k.version as number)),
          ),
        )
    if (pinned.length === 0) return latestQuery()
    if (latest.length === 0) return pinnedQuery()
    return latestQuery().unionAll(pinnedQuery())
  }

  const backend: SecretBackend = {
    specificationVersion: 'v1',
    name,
    capabilities: Object.freeze({
      envelope: true,
      encryptsAtRest: false,
      batch: true,
      cas: true,
      versions: true,
    }),

    async getMany(scope, keys) {
      assertScope(scope)
      if (!Array.isArray(keys)) throw new InvalidArgumentError('getMany needs an array of keys')
      const wanted = new Map<string, RecordKey>()
      for (const key of keys as readonly RecordKey[]) {
        assertSecretName(key?.name)
        if (key.version !== undefined) assertVersion(key.version, 'A version')
        wanted.set(`${key.version ?? ''}:${key.name}`, key)
      }
      const found = new Map<string, SecretRecord>()
      if (wanted.size > 0) {
        const hash = scopeHash(scope.key)
        const chunks = chunkByParameters(
          [...wanted.values()],
          maxBindParameters - GET_MANY_FIXED_PARAMETERS,
          (k) => (k.version === undefined ? 1 : 2),
        )
        const results = await guard('getMany', () =>
          Promise.all(chunks.map((chunk) => getManyStatement(hash, chunk).execute())),
        )
        for (const row of results.flat()) {
          const record: SecretRecord = {
            name: row.name,
            version: Number(row.version),
            payload: fromDriverBytes(row.payload),
            createdAt: toDate(row.created_at),
            description: row.description,
            createdBy: row.created_by,
            previousExpiresAt: toDateOrNull(row.previous_expires_at),
          }
          found.set(`${Number(row.latest) === 1 ? '' : record.version}:${row.name}`, record)
        }
      }
      return keys.map((k) => found.get(`${k.version ?? ''}:${k.name}`) ?? null)
    },

    async get(scope, secretName, version) {
      const [record] = await backend.getMany(scope, [
        version === undefined ? { name: secretName } : { name: secretName, version },
      ])
      return record ?? null
    },

    async put(scope, secretName, input: PutInput) {
      assertScope(scope)
      assertSecretName(secretName)
      if (typeof input !== 'object' || input === null)
        throw new InvalidArgumentError('put needs an input object')
      if (!(input.payload instanceof Uint8Array) || input.payload.length === 0) {
        throw new InvalidArgumentError('"payload" must be a non-empty Uint8Array')
      }
      const { ifVersion } = input
      if (ifVersion !== undefined && ifVersion !== 0) assertVersion(ifVersion, '"ifVersion"')
      if (input.description !== undefined) assertText(input.description, '"description"')
      assertText(input.createdBy, '"createdBy"')
      const expires = input.previousExpiresAt
      if (expires !== null && !(expires instanceof Date && Number.isFinite(expires.getTime()))) {
        throw new InvalidArgumentError('"previousExpiresAt" must be a valid Date or null')
      }
      return putVersion(ctx, name, scope, secretName, input, toDriverBytes(input.payload))
    },

    async delete(scope, secretName) {
      assertScope(scope)
      assertSecretName(secretName)
      const hash = scopeHash(scope.key)
      // Head first, as put locks it first: the two never wait on each other in opposite orders.
      return withRetry(name, 'delete', () =>
        db.transaction().execute(async (trx) => {
          const head = await trx
            .deleteFrom(tables.heads)
            .where('scope_hash', '=', hash)
            .where('name', '=', secretName)
            .executeTakeFirst()
          await trx
            .deleteFrom(tables.versions)
            .where('scope_hash', '=', hash)
            .where('name', '=', secretName)
            .execute()
          return head.numDeletedRows > 0n
        }),
      )
    },

    async list(scope, options: ListOptions): Promise<ListPage> {
      assertScope(scope)
      if (typeof options !== 'object' || options === null)
        throw new InvalidArgumentError('list needs options')
      const { prefix = '', limit, cursor } = options
      assertPageLimit(limit, MAX_LIST_PAGE)
      if (typeof prefix !== 'string') throw new InvalidArgumentError('"prefix" must be a string')
      const after = cursor === undefined ? undefined : decodeCursor(cursor, 'list', isListCursor)
      // A prefix holding a character no name has matches nothing; it never reaches SQL.
      if (!canPrefixAName(prefix)) return { items: [], cursor: null }
      const upper = prefix === '' ? undefined : prefixUpperBound(prefix)
      const rows = await guard('list', () =>
        db
          .selectFrom(tables.heads)
          .select([
            'name',
            'latest_version',
            'description',
            'created_at',
            'updated_at',
            'updated_by',
          ])
          .where('scope_hash', '=', scopeHash(scope.key))
          .$if(after !== undefined, (q) => q.where('name', '>', after as string))
          .$if(prefix !== '', (q) => q.where('name', '>=', prefix))
          .$if(upper !== undefined, (q) => q.where('name', '<', upper as string))
          .orderBy('name')
          .limit(limit + 1)
          .execute(),
      )
      const page = rows.slice(0, limit)
      return {
        items: page.map((row) => ({
          name: row.name,
          version: Number(row.latest_version),
          description: row.description,
          createdAt: toDate(row.created_at),
          updatedAt: toDate(row.updated_at),
          updatedBy: row.updated_by,
        })),
        cursor: rows.length > limit ? encodeCursor(page.at(-1)?.name) : null,
      }
    },

    async versions(scope, secretName): Promise<VersionInfo[]> {
      assertScope(scope)
      assertSecretName(secretName)
      const rows = await guard('versions', () =>
        db
          .selectFrom(tables.versions)
          .select([
            'name',
            'version',
            'created_at',
            'created_by',
            'description',
            'previous_expires_at',
          ])
          .where('scope_hash', '=', scopeHash(scope.key))
          .where('name', '=', secretName)
          .orderBy('version', 'desc')
          .execute(),
      )
      return rows.map((row) => ({
        name: row.name,
        version: Number(row.version),
        createdAt: toDate(row.created_at),
        description: row.description,
        createdBy: row.created_by,
        previousExpiresAt: toDateOrNull(row.previous_expires_at),
      }))
    },

    async scan(options): Promise<ScanPage> {
      if (typeof options !== 'object' || options === null)
        throw new InvalidArgumentError('scan needs options')
      assertPageLimit(options.limit, MAX_SCAN_PAGE)
      const after =
        options.cursor === undefined
          ? undefined
          : decodeCursor(options.cursor, 'scan', isScanCursor)
      const rows = await guard('scan', () =>
        db
          .selectFrom(tables.versionsAsV)
          .select(['v.scope_hash', 'v.name', 'v.version', 'v.payload'])
          // The scope key from the head row, looked up for the page's rows only: a
          // join lets planners misjudge the row count and sort the whole table per page.
          .select((eb) =>
            eb
              .selectFrom(tables.headsAsH)
              .select('h.scope_key')
              .whereRef('h.scope_hash', '=', 'v.scope_hash')
              .whereRef('h.name', '=', 'v.name')
              .as('scope_key'),
          )
          .$if(after !== undefined, (q) =>
            q.where((eb) => {
              const [hash, afterName, version] = after as [string, string, number]
              // Row-value comparison where the planner turns it into an index range;
              // MySQL gets the same condition as a union of three key ranges.
              if (ctx.dialect !== 'mysql') {
                return eb(
                  eb.refTuple('v.scope_hash', 'v.name', 'v.version'),
                  '>',
                  eb.tuple(hash, afterName, version),
                )
              }
              return eb.or([
                eb.and([
                  eb('v.scope_hash', '=', hash),
                  eb('v.name', '=', afterName),
                  eb('v.version', '>', version),
                ]),
                eb.and([eb('v.scope_hash', '=', hash), eb('v.name', '>', afterName)]),
                eb('v.scope_hash', '>', hash),
              ])
            }),
          )
          .orderBy('v.scope_hash')
          .orderBy('v.name')
          .orderBy('v.version')
          .limit(options.limit)
          .execute(),
      )
      const last = rows.at(-1)
      return {
        // A version whose head is gone is being deleted: nothing to rewrap.
        records: rows.flatMap((row) =>
          row.scope_key === null
            ? []
            : [
                {
                  scopeKey: row.scope_key,
                  name: row.name,
                  version: Number(row.version),
                  payload: fromDriverBytes(row.payload),
                },
              ],
        ),
        cursor:
          last === undefined || rows.length < options.limit
            ? null
            : encodeCursor([last.scope_hash, last.name, Number(last.version)]),
      }
    },

    async replacePayloads(updates: readonly PayloadUpdate[]) {
      if (!Array.isArray(updates))
        throw new InvalidArgumentError('replacePayloads needs an array of updates')
      const rows = updates.map((update): PayloadRow => {
        if (typeof update?.scopeKey !== 'string')
          throw new InvalidArgumentError('An update needs its "scopeKey"')
        assertSecretName(update.name)
        assertVersion(update.version, 'A version')
        for (const bytes of [update.payload, update.previous]) {
          if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
            throw new InvalidArgumentError('"payload" and "previous" must be non-empty Uint8Arrays')
          }
        }
        return {
          scopeHash: scopeHash(update.scopeKey),
          name: update.name,
          version: update.version,
          previous: toDriverBytes(update.previous),
          payload: toDriverBytes(update.payload),
        }
      })
      return guard('replacePayloads', () => replacePayloadRows(ctx, rows))
    },
  }
  return backend
}
