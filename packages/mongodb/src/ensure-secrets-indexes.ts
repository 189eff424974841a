/**
 * The indexes the backend and the audit sink rely on, made idempotently.
 *
 * Each collection's indexes are listed first; only missing ones are created,
 * and one found with other options stops the call (a different unique or key
 * spec would silently change guarantees). Concurrent callers race on
 * `createIndexes`: servers answer the loser with IndexOptionsConflict,
 * IndexKeySpecsConflict, IndexAlreadyExists, NamespaceExists or an "already
 * exists" message, so on those the indexes are listed again, and an index
 * that now exists with the same spec counts as made.
 * @module
 */
import { BackendError, InvalidArgumentError } from '@secrets/core'
import { type MongoOptions, toMongoContext } from './_collections.js'
import { errorCode, guarded, toBackendError } from './_errors.js'
import type {
  MongoCollection,
  MongoDatabase,
  MongoDocument,
  MongoIndexSpec,
} from './mongo-database.js'

/** Options of {@link ensureSecretsIndexes}. */
export interface EnsureSecretsIndexesOptions extends Omit<MongoOptions, 'db'> {
  /**
   * Makes the access log's `{ t: 1 }` index a TTL index: the server deletes
   * events this many seconds after their time (its TTL monitor runs about
   * once a minute). A later call with another value changes it with
   * `collMod`. Omitted: the index is made without TTL, and an existing TTL is
   * left as it is.
   */
  accessLogTtlSeconds?: number
}

/** A spec, and whether an existing index's TTL is left alone (the time index without `accessLogTtlSeconds`). */
type Spec = MongoIndexSpec & { keepTtl?: boolean }

const SECRETS_INDEXES: readonly Spec[] = [{ key: { s: 1, n: 1 }, name: 's_1_n_1', unique: true }]
const ACCESS_LOG_INDEXES: readonly Spec[] = [
  { key: { s: 1, n: 1, _id: -1 }, name: 's_1_n_1__id_-1' },
  { key: { s: 1, _id: -1 }, name: 's_1__id_-1' },
]
const MAX_TTL_SECONDS = 2 ** 31 - 1
const ATTEMPTS = 3
/** NamespaceExists, IndexAlreadyExists, IndexOptionsConflict, IndexKeySpecsConflict. */
const RACE_CODES = new Set([48, 68, 85, 86])
const NAMESPACE_NOT_FOUND = 26

const isRace = (error: unknown) =>
  RACE_CODES.has(errorCode(error) as number) ||
  /already exists/i.test(String((error as Error | null)?.message))

async function listIndexes(collection: MongoCollection): Promise<MongoDocument[]> {
  try {
    return await collection.listIndexes().toArray()
  } catch (error) {
    if (errorCode(error) === NAMESPACE_NOT_FOUND) return []
    throw toBackendError('ensureSecretsIndexes', error)
  }
}

/** How an existing index differs from the spec of the same name. */
function compare(
  found: MongoDocument,
  spec: MongoIndexSpec,
  keepTtl = false,
): 'same' | 'ttl' | 'other' {
  const key = (k: unknown) =>
    JSON.stringify(Object.entries(k as Record<string, unknown>).map(([f, d]) => [f, Number(d)]))
  if (key(found.key) !== key(spec.key) || Boolean(found.unique) !== Boolean(spec.unique))
    return 'other'
  const ttl = found.expireAfterSeconds === undefined ? undefined : Number(found.expireAfterSeconds)
  if (spec.expireAfterSeconds === undefined) return keepTtl || ttl === undefined ? 'same' : 'other'
  return ttl === spec.expireAfterSeconds ? 'same' : 'ttl'
}

async function ensureIndexes(
  db: MongoDatabase,
  collection: MongoCollection,
  specs: readonly Spec[],
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const existing = await listIndexes(collection)
    const missing: MongoIndexSpec[] = []
    for (const { keepTtl, ...spec } of specs) {
      const found = existing.find((index) => index.name === spec.name)
      const difference = found === undefined ? 'missing' : compare(found, spec, keepTtl)
      if (difference === 'missing') missing.push(spec)
      else if (difference === 'ttl') {
        await guarded('ensureSecretsIndexes', () =>
          db.command({
            collMod: collection.collectionName,
            index: { name: spec.name, expireAfterSeconds: spec.expireAfterSeconds },
          }),
        )
      } else if (difference === 'other') {
        throw new BackendError(
          `mongodb: index "${spec.name}" on ${collection.collectionName} exists with other options than ${JSON.stringify(spec)}: drop it, then run ensureSecretsIndexes again`,
        )
      }
    }
    if (missing.length === 0) return
    try {
      await collection.createIndexes(missing)
      return
    } catch (error) {
      if (!isRace(error) || attempt >= ATTEMPTS) throw toBackendError('ensureSecretsIndexes', error)
    }
  }
}

/**
 * Creates the indexes of `<prefix>secrets` and `<prefix>access_log`:
 * `{ s: 1, n: 1 }` unique (one document per secret, and what makes create a
 * compare-and-set); `{ s: 1, n: 1, _id: -1 }` and `{ s: 1, _id: -1 }` (access
 * log pages per name and per scope, newest first); `{ t: 1 }` (prune, and
 * TTL when `accessLogTtlSeconds` is set). Idempotent, and safe to run at
 * every start from any number of processes at once (see the module comment);
 * when everything exists it costs two `listIndexes`.
 * @param db the database the backend and the sink use
 * @param options the collection prefix they use, and the access log's TTL
 * @throws {InvalidArgumentError} for a bad prefix or TTL, before any I/O
 * @throws {BackendError} when an index exists with other options, or the server fails
 * @example
 * ```ts
 * await ensureSecretsIndexes(db)                                   // secrets_secrets, secrets_access_log
 * await ensureSecretsIndexes(db, { accessLogTtlSeconds: 90 * 86_400 }) // events expire after 90 days
 * ```
 */
export async function ensureSecretsIndexes(
  db: MongoDatabase,
  options: EnsureSecretsIndexesOptions = {},
): Promise<void> {
  const { accessLogTtlSeconds: ttl, collectionPrefix } = options ?? {}
  const ctx = toMongoContext({ db, collectionPrefix }, 'ensureSecretsIndexes')
  if (ttl !== undefined && !(Number.isInteger(ttl) && ttl >= 1 && ttl <= MAX_TTL_SECONDS)) {
    throw new InvalidArgumentError(
      `"accessLogTtlSeconds" must be an integer from 1 to ${MAX_TTL_SECONDS}`,
    )
  }
  const time: Spec =
    ttl === undefined
      ? { key: { t: 1 }, name: 't_1', keepTtl: true }
      : { key: { t: 1 }, name: 't_1', expireAfterSeconds: ttl }
  await ensureIndexes(db, ctx.secrets, SECRETS_INDEXES)
  await ensureIndexes(db, ctx.accessLog, [...ACCESS_LOG_INDEXES, time])
}
