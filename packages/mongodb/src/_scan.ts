/**
 * `scan`: every kept version of every scope, for `rekey`, walking the
 * documents in `_id` order (the primary index) and each document's versions
 * in number order. The cursor is the last record's `[_id, version]`: the
 * next page starts at that document (`_id >= id`) past that version, so a
 * document deleted behind the cursor shifts nothing, and a long history is
 * split across pages.
 * @module
 */
import {
  assertPageLimit,
  decodeCursor,
  encodeCursor,
  InvalidArgumentError,
  type ScannedRecord,
  type ScanPage,
} from '@secrets/core'
import type { MongoContext } from './_collections.js'
import { type SecretDocument, storedBytes, versionsOf } from './_documents.js'
import { toBackendError } from './_errors.js'
import { asObjectId, isObjectIdHex, objectIdFor } from './_object-id.js'
import type { MongoDocument } from './mongo-database.js'

/** The largest page of `scan`: the largest `batchSize` the store's rekey accepts. */
const MAX_SCAN_PAGE = 10_000

const isScanCursor = (value: unknown): value is [string, number] =>
  Array.isArray(value) &&
  value.length === 2 &&
  isObjectIdHex(value[0]) &&
  Number.isSafeInteger(value[1]) &&
  value[1] >= 1

/** One page of the walk (see the module comment). */
export async function scanPage(
  ctx: MongoContext,
  options: { limit: number; cursor?: string },
): Promise<ScanPage> {
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError('scan needs options such as { limit }')
  const { limit } = options
  assertPageLimit(limit, MAX_SCAN_PAGE)
  const after =
    options.cursor === undefined ? undefined : decodeCursor(options.cursor, 'scan', isScanCursor)
  try {
    let filter: MongoDocument = {}
    if (after !== undefined) {
      const id = await objectIdFor(ctx.db, ctx.secrets, after[0], 'scan')
      if (id === null) return { records: [], cursor: null }
      filter = { _id: { $gte: id } }
    }
    // Every document but the first of the page gives at least one record:
    // limit + 1 documents are enough to fill the page and know whether more follow.
    const documents = ctx.secrets.find(filter, {
      projection: { k: 1, n: 1, 'versions.v': 1, 'versions.p': 1 },
      sort: { _id: 1 },
      limit: limit + 1,
      batchSize: limit + 1,
    })
    const records: ScannedRecord[] = []
    let last: [string, number] | undefined
    let more = false
    let seen = 0
    try {
      for await (const document of documents) {
        seen++
        const { k, n, _id } = document as unknown as SecretDocument
        const id = asObjectId(ctx.db, _id).toHexString()
        for (const entry of versionsOf(document)) {
          const version = Number(entry.v)
          if (after !== undefined && id === after[0] && version <= after[1]) continue
          if (records.length === limit) {
            more = true
            break
          }
          records.push({ scopeKey: k, name: n, version, payload: storedBytes(entry.p) })
          last = [id, version]
        }
        if (more) break
      }
      // limit + 1 documents walked to the end hold exactly `limit` records: more may follow.
      if (seen > limit) more = true
    } finally {
      await documents.close()
    }
    return { records, cursor: more && last !== undefined ? encodeCursor(last) : null }
  } catch (error) {
    throw toBackendError('scan', error)
  }
}
