/**
 * The compare-and-set write behind `put`, from single-document atomicity
 * alone (no session, no transaction).
 *
 * Each attempt reads the secret's head (`latest` and the newest version),
 * then writes once:
 * - absent: `insertOne` of the whole document at version 1. The unique index
 *   on `{ s, n }` lets one creator win; the others get a duplicate-key error.
 * - present: `updateOne({ _id, latest: L }, { $push: { versions: { $each: [v],
 *   $slice: -maxVersions } }, $set: { latest: L + 1 } })`. It matches only
 *   while the head is still the one read, so of concurrent writers exactly
 *   one moves it from L; filtering on `_id` also refuses a document deleted
 *   and created again meanwhile.
 * A write that did not land (no match, duplicate key) reads again: with
 * `ifVersion` that read decides the conflict; a plain append retries on the
 * new head after a jittered pause, for a bounded number of attempts. A read
 * whose newest version carries this write's `requestId` means the write
 * landed already (a retry of it): that version is returned.
 * @module
 */
import {
  BackendError,
  ConflictError,
  InvalidArgumentError,
  type PutInput,
  type Scope,
  type VersionInfo,
} from '@secrets/core'
import type { MongoContext } from './_collections.js'
import { scopeFilter, toVersionInfo, type VersionEntry, versionsOf } from './_documents.js'
import { guarded, isDuplicateKey, toBackendError } from './_errors.js'
import { assertVersionFits, type VersionBudget } from './_version-budget.js'

/** Attempts of one put before it gives up; each round lets at least one writer land. */
const MAX_PUT_ATTEMPTS = 100

/** The head of a document: its id, latest number and newest version. */
const HEAD_PROJECTION = { _id: 1, latest: 1, versions: { $slice: -1 } }

const pause = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)))

/**
 * Writes a new version under the compare-and-set rule of `input.ifVersion`.
 * @throws {ConflictError} when `ifVersion` does not hold
 * @throws {InvalidValueError} when the version does not fit its share of the document
 */
export async function putVersion(
  ctx: MongoContext,
  budget: VersionBudget,
  scope: Scope,
  name: string,
  input: PutInput,
): Promise<VersionInfo> {
  const filter = { ...scopeFilter(scope), n: name }
  const { ifVersion, requestId } = input
  for (let attempt = 1; attempt <= MAX_PUT_ATTEMPTS; attempt++) {
    const head = await guarded('put', () =>
      ctx.secrets.findOne(filter, { projection: HEAD_PROJECTION }),
    )
    const newest = versionsOf(head).at(-1)
    if (newest?.r === requestId) return toVersionInfo(name, newest)
    const latest = head === null ? 0 : Number(head.latest)
    if (ifVersion === 0 && head !== null) {
      throw new ConflictError(`Secret "${name}" already exists (the write asked to create it)`)
    }
    if (ifVersion !== undefined && ifVersion !== 0 && latest !== ifVersion) {
      throw new ConflictError(
        head === null
          ? `Secret "${name}" does not exist (the write expected version ${ifVersion})`
          : `Secret "${name}" is at version ${latest}, not ${ifVersion} (another write got there first)`,
      )
    }
    const entry = versionEntry(budget, name, input, latest + 1, newest?.d ?? null)
    const landed =
      head === null
        ? await insertFirst(ctx, filter, entry)
        : await appendTo(ctx, budget, head._id, latest, entry)
    if (landed) return toVersionInfo(name, entry)
    if (ifVersion === undefined) await pause(attempt)
  }
  throw new BackendError(
    `mongodb: put gave up after ${MAX_PUT_ATTEMPTS} attempts under contention on "${name}"`,
  )
}

/** The new version, checked against its share of the document. */
function versionEntry(
  budget: VersionBudget,
  name: string,
  input: PutInput,
  version: number,
  latestDescription: string | null,
): VersionEntry & { p: Uint8Array } {
  const payload = input.payload(version)
  if (!(payload instanceof Uint8Array) || payload.byteLength === 0) {
    throw new InvalidArgumentError('"payload" must return a non-empty Uint8Array')
  }
  const entry = {
    v: version,
    p: payload,
    d: input.description === undefined ? latestDescription : input.description,
    b: input.createdBy,
    x: input.previousExpiresAt,
    c: new Date(),
    r: input.requestId,
  }
  assertVersionFits(budget, name, entry)
  return entry
}

/** Creates the document at version 1. @returns false when another writer created it first */
async function insertFirst(
  ctx: MongoContext,
  filter: { s: string; k: string; n: string },
  entry: VersionEntry,
): Promise<boolean> {
  try {
    await ctx.secrets.insertOne({ ...filter, latest: 1, versions: [entry] })
    return true
  } catch (error) {
    if (isDuplicateKey(error, 's_1_n_1')) return false
    throw toBackendError('put', error)
  }
}

/** Appends while the head is still at `latest`. @returns false when another write moved it */
async function appendTo(
  ctx: MongoContext,
  budget: VersionBudget,
  id: unknown,
  latest: number,
  entry: VersionEntry,
): Promise<boolean> {
  const { matchedCount } = await guarded('put', () =>
    ctx.secrets.updateOne(
      { _id: id, latest },
      {
        $push: { versions: { $each: [entry], $slice: -budget.maxVersions } },
        $set: { latest: entry.v },
      },
    ),
  )
  return matchedCount === 1
}
