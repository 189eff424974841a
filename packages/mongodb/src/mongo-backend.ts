/**
 * `mongoBackend`: a `SecretBackend` on one MongoDB collection,
 * `<prefix>secrets`, atomic without sessions or transactions.
 *
 * Layout: one document per (scope, name), its versions embedded:
 * `{ _id, s: scopeHash(scope.key), k: scope.key, n: name, latest, versions:
 * [{ v, p: Binary(envelope), d: description, b: createdBy, x:
 * previousExpiresAt, c: createdAt, r: requestId }] }`, unique on `{ s, n }`.
 *
 * Why one document: MongoDB guarantees atomicity for a single document
 * only, and this backend uses no transaction (standalone servers and many
 * emulators have none), so every guarantee comes from single-document writes:
 * - create is one `insertOne` (a duplicate key means the name exists);
 * - append and compare-and-set are one `updateOne` filtered on the `latest`
 *   it read, pushing the version and raising `latest` together (no match:
 *   another write moved it; `ifVersion` gets ConflictError, a plain append
 *   re-reads and retries, a bounded number of times);
 * - delete is one `deleteOne`, so a create racing a delete is whole or gone.
 * There is no moment at which a killed process leaves a half-written secret,
 * a head without its version, or an acknowledged version unreadable.
 * Versions are contiguous per secret; after a delete a new secret starts at 1.
 * `maxVersions` bounds the document under MongoDB's 16 MiB limit (see
 * `_version-budget.ts`). Reads filter on the scope hash and the scope key
 * itself. Payloads are the store's envelopes, as BSON Binary; no other field
 * holds a value.
 * @module
 */
import { assertPutInput, assertSecretName, type SecretBackend } from '@secrets/core'
import { type MongoOptions, toMongoContext } from './_collections.js'
import { scopeFilter } from './_documents.js'
import { guarded } from './_errors.js'
import { listPage } from './_list.js'
import { putVersion } from './_put-version.js'
import { getMany, getOne, listVersions } from './_reads.js'
import { replacePayloads } from './_replace-payloads.js'
import { scanPage } from './_scan.js'
import { versionBudget } from './_version-budget.js'

/** Options of {@link mongoBackend}. */
export interface MongoBackendOptions extends MongoOptions {
  /**
   * Versions each secret keeps (2 to 1000): a write past it drops the
   * oldest, which then no longer shows in `versions()` nor reads by number.
   * Bounds the document: each version may take (16 MiB - 64 KiB) / maxVersions
   * bytes, which sets `capabilities.maxPayloadBytes`.
   * @default 100
   */
  maxVersions?: number
}

/**
 * A `SecretBackend` on `<prefix>secrets` (indexed by {@link ensureSecretsIndexes}).
 *
 * - `getMany` is one `find` for any number of names, latest and pinned alike.
 * - `put` is a compare-and-set on one document (see the module comment).
 * - `list` is one aggregation per page; `versions` and `get` one `findOne`.
 * - `scan` / `replacePayloads` serve `rekey`: pages by `_id`, one `bulkWrite` per page.
 * @param options the database (its client owned and closed by the caller), prefix and `maxVersions`
 * @returns a backend named `mongodb`
 * @throws {InvalidArgumentError} for a missing `db`, a bad prefix or `maxVersions`
 * @example
 * ```ts
 * const client = new MongoClient(process.env.MONGODB_URL!)
 * const db = client.db('app')
 * await ensureSecretsIndexes(db)
 * const secrets = createSecrets({ backend: mongoBackend({ db }), keyring, audit: mongoAuditSink({ db }) })
 * ```
 */
export function mongoBackend(options: MongoBackendOptions): SecretBackend {
  const ctx = toMongoContext(options, 'mongoBackend')
  const budget = versionBudget(options.maxVersions)
  const backend: SecretBackend = {
    specificationVersion: 'v2',
    name: 'mongodb',
    capabilities: Object.freeze({
      envelope: true,
      encryptsAtRest: false,
      batch: true,
      cas: true,
      versions: true,
      maxPayloadBytes: budget.maxPayloadBytes,
    }),

    getMany: (scope, keys) => getMany(ctx, scope, keys),

    get: (scope, name, version) => getOne(ctx, scope, name, version),

    async put(scope, name, input) {
      scopeFilter(scope)
      assertSecretName(name)
      assertPutInput(input)
      return putVersion(ctx, budget, scope, name, input)
    },

    async delete(scope, name) {
      const filter = { ...scopeFilter(scope), n: name }
      assertSecretName(name)
      const { deletedCount } = await guarded('delete', () => ctx.secrets.deleteOne(filter))
      return deletedCount > 0
    },

    list: (scope, options) => listPage(ctx, scope, options),

    versions: (scope, name) => listVersions(ctx, scope, name),

    scan: (options) => scanPage(ctx, options),

    replacePayloads: (updates) => replacePayloads(ctx, updates),
  }
  return backend
}
