/**
 * The reads: `getMany` (one `find` for any number of names), `get` (one
 * `findOne`) and `versions` (one `findOne` without payloads).
 * @module
 */
import {
  assertRecordKeys,
  assertSecretName,
  assertVersionNumber,
  type RecordKey,
  type Scope,
  type SecretRecord,
  type VersionInfo,
} from '@secrets/core'
import type { MongoContext } from './_collections.js'
import { scopeFilter, toRecord, toVersionInfo, versionsOf } from './_documents.js'
import { guarded } from './_errors.js'

/** The name and newest version only. */
const LATEST_PROJECTION = { _id: 0, n: 1, versions: { $slice: -1 } }

/**
 * Reads many records with one `find` on `{ s, k, n: { $in: names } }`. When
 * no key pins a version, only each document's newest version is sent
 * (`$slice: -1`); otherwise whole documents, so that any version can be
 * picked out. `batchSize` is the number of names, so the reply is one batch
 * (a server splits it only past 16 MiB).
 * @returns one entry per key, in order, null where absent
 */
export async function getMany(
  ctx: MongoContext,
  scope: Scope,
  keys: readonly RecordKey[],
): Promise<Array<SecretRecord | null>> {
  const filter = scopeFilter(scope)
  assertRecordKeys(keys)
  if (keys.length === 0) return []
  const names = [...new Set(keys.map((key) => key.name))]
  const pinned = keys.some((key) => key.version !== undefined)
  const documents = await guarded('getMany', () =>
    ctx.secrets
      .find(
        { ...filter, n: { $in: names } },
        {
          projection: pinned ? { _id: 0, n: 1, versions: 1 } : LATEST_PROJECTION,
          batchSize: names.length,
        },
      )
      .toArray(),
  )
  const byName = new Map(documents.map((doc) => [doc.n as string, versionsOf(doc)]))
  const records = new Map<string, SecretRecord | null>()
  return keys.map(({ name, version }) => {
    const id = `${version ?? ''}:${name}`
    let record = records.get(id)
    if (record === undefined) {
      const versions = byName.get(name) ?? []
      const entry =
        version === undefined ? versions.at(-1) : versions.find((v) => Number(v.v) === version)
      record = entry === undefined ? null : toRecord(name, entry)
      records.set(id, record)
    }
    return record
  })
}

/** Reads the newest version, or the given one, with one `findOne`; null when absent. */
export async function getOne(
  ctx: MongoContext,
  scope: Scope,
  name: string,
  version?: number,
): Promise<SecretRecord | null> {
  const filter = { ...scopeFilter(scope), n: name }
  assertSecretName(name)
  if (version !== undefined) assertVersionNumber(version)
  const projection =
    version === undefined
      ? LATEST_PROJECTION
      : { _id: 0, n: 1, versions: { $elemMatch: { v: version } } }
  const document = await guarded('get', () => ctx.secrets.findOne(filter, { projection }))
  const entry = versionsOf(document)[0]
  return entry === undefined ? null : toRecord(name, entry)
}

/** Every kept version's metadata, newest first, with one `findOne` that leaves the payloads out. */
export async function listVersions(
  ctx: MongoContext,
  scope: Scope,
  name: string,
): Promise<VersionInfo[]> {
  const filter = { ...scopeFilter(scope), n: name }
  assertSecretName(name)
  const document = await guarded('versions', () =>
    ctx.secrets.findOne(filter, { projection: { _id: 0, 'versions.p': 0 } }),
  )
  return versionsOf(document)
    .map((entry) => toVersionInfo(name, entry))
    .reverse()
}
