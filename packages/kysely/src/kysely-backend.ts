/**
 * `kyselyBackend`: a `SecretBackend` over SQL tables through Kysely, for
 * SQLite (better-sqlite3), PostgreSQL (pg) and MySQL/MariaDB (mysql2). It
 * keeps envelopes only; the store seals values before they get here.
 * @module
 */
import {
  assertSecretName,
  InvalidArgumentError,
  type PutInput,
  type RecordKey,
  type SecretBackend,
  type SecretRecord,
  scopeHash,
  type VersionInfo,
} from '@secrets/core'
import { sql } from 'kysely'
import { deleteSecret } from './_delete-secret.js'
import { chunkByParameters, type SqlDialect } from './_dialect.js'
import { guarded } from './_errors.js'
import { listPage } from './_list.js'
import { putVersion } from './_put-version.js'
import { replacePayloads } from './_replace-payloads.js'
import { scanPage } from './_scan.js'
import { type SqlContext, type SqlOptions, toDate, toDateOrNull, toSqlContext } from './_tables.js'
import {
  assertScope,
  assertText,
  assertVersion,
  fromDriverBytes,
  toDriverBytes,
} from './_values.js'

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

/** Parameters a `getMany` statement spends besides its keys (the scope hash, once per branch). */
const GET_MANY_FIXED_PARAMETERS = 2

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
  const guard = <T>(operation: string, run: () => Promise<T>) => guarded(name, operation, run)

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
    specificationVersion: 'v2',
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
      if (typeof input.payload !== 'function') {
        throw new InvalidArgumentError('"payload" must be a function of the version number')
      }
      const { ifVersion } = input
      if (ifVersion !== undefined && ifVersion !== 0) assertVersion(ifVersion, '"ifVersion"')
      if (input.description !== undefined) assertText(input.description, '"description"')
      assertText(input.createdBy, '"createdBy"')
      const expires = input.previousExpiresAt
      if (expires !== null && !(expires instanceof Date && Number.isFinite(expires.getTime()))) {
        throw new InvalidArgumentError('"previousExpiresAt" must be a valid Date or null')
      }
      return putVersion(ctx, name, scope, secretName, input, (version) => {
        const bytes = input.payload(version)
        if (!(bytes instanceof Uint8Array) || bytes.length === 0)
          throw new InvalidArgumentError('"payload" must return a non-empty Uint8Array')
        return toDriverBytes(bytes)
      })
    },

    async delete(scope, secretName) {
      assertScope(scope)
      assertSecretName(secretName)
      return deleteSecret(ctx, name, scope, secretName)
    },

    list: (scope, options) => listPage(ctx, name, scope, options),

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

    scan: (options) => scanPage(ctx, name, options),

    replacePayloads: (updates) => replacePayloads(ctx, name, updates),
  }
  return backend
}
