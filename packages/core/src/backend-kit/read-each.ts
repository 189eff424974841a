/**
 * `readEach`: `getMany` for a service without a batch read. Each distinct
 * (name, version) is read once, through a bounded pool, and the results are
 * aligned with the keys.
 * @module
 */
import type { RecordKey, SecretRecord } from '../backend/secret-backend.js'
import { mapConcurrent } from './map-concurrent.js'
import { assertRecordKeys } from './record-keys.js'

/**
 * Reads every key through `read`, at most `concurrency` at once.
 * @param read reads one record (null when absent)
 * @returns one result per key, in the order of `keys`
 * @throws {InvalidArgumentError} / {InvalidNameError} for a malformed key, before any read
 * @example
 * ```ts
 * getMany: (scope, keys) => readEach(keys, 16, (key) => readOne(scope, key.name, key.version))
 * ```
 */
export async function readEach(
  keys: readonly RecordKey[],
  concurrency: number,
  read: (key: RecordKey) => Promise<SecretRecord | null>,
): Promise<Array<SecretRecord | null>> {
  assertRecordKeys(keys)
  const idOf = (key: RecordKey) => `${key.version ?? 0}\u0000${key.name}`
  const distinct = [...new Map(keys.map((key) => [idOf(key), key])).values()]
  const records = await mapConcurrent(distinct, concurrency, read)
  const byId = new Map(distinct.map((key, i) => [idOf(key), records[i] ?? null]))
  return keys.map((key) => byId.get(idOf(key)) ?? null)
}
