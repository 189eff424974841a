/**
 * `replacePayloads` (rekey's write): one unordered `bulkWrite` of one
 * `updateOne` per version. Each finds the secret's document by its unique
 * key `{ s, n }` and sets the new payload through the filtered positional
 * `versions.$[e].p`, whose array filter `{ e.v: version, e.p: previous }`
 * picks the element only while it still holds the scanned bytes. A version
 * deleted, trimmed, or deleted and written again since the scan is matched
 * by no element and left alone (the document matches, nothing is modified:
 * `modifiedCount` counts the replacements). The scope key is not needed in
 * the filter: the scanned envelope's bytes identify the version, and an
 * envelope is bound to its scope and name by its associated data.
 *
 * Why not `versions: { $elemMatch: … }` with the positional `$`: that works
 * on MongoDB, but mongo-java-server (which the tests run on) does not
 * resolve `$` after an `$elemMatch`, and only looks an update's document up
 * by index when the filter is exactly the index's keys; this form is exact
 * on both and an index lookup on both.
 * @module
 */
import {
  assertSecretName,
  assertVersionNumber,
  InvalidArgumentError,
  type PayloadUpdate,
  scopeHash,
} from '@secrets/core'
import type { MongoContext } from './_collections.js'
import { guarded } from './_errors.js'
import type { MongoUpdateOneModel } from './mongo-database.js'

function toOperation(update: PayloadUpdate): MongoUpdateOneModel {
  if (typeof update !== 'object' || update === null || typeof update.scopeKey !== 'string')
    throw new InvalidArgumentError('An update needs its "scopeKey"')
  assertSecretName(update.name)
  assertVersionNumber(update.version)
  for (const bytes of [update.payload, update.previous]) {
    if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0)
      throw new InvalidArgumentError('"payload" and "previous" must be non-empty Uint8Arrays')
  }
  const { scopeKey, name, version, previous, payload } = update
  return {
    updateOne: {
      filter: { s: scopeHash(scopeKey), n: name },
      update: { $set: { 'versions.$[e].p': payload } },
      arrayFilters: [{ 'e.v': version, 'e.p': previous }],
    },
  }
}

/**
 * Replaces the payloads of those versions that still hold `previous`.
 * @returns how many were replaced
 * @throws {InvalidArgumentError} for a malformed update, before any I/O
 */
export async function replacePayloads(
  ctx: MongoContext,
  updates: readonly PayloadUpdate[],
): Promise<number> {
  if (!Array.isArray(updates))
    throw new InvalidArgumentError('replacePayloads needs an array of updates')
  const operations = updates.map(toOperation)
  if (operations.length === 0) return 0
  const result = await guarded('replacePayloads', () =>
    ctx.secrets.bulkWrite(operations, { ordered: false }),
  )
  return result.modifiedCount
}
