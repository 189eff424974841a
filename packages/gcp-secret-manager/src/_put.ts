/**
 * Writes, and how compare-and-set works on a service that numbers versions
 * itself and has no conditional AddSecretVersion.
 *
 * A write is `GetSecret` (etag E, committed latest L, the entries),
 * `AddSecretVersion`, then the commit: `UpdateSecret` of the annotations
 * with etag E, setting `secrets-latest` and the version's entry. Three RPCs;
 * four for a new secret, which `CreateSecret` makes first (with
 * `secrets-latest` = 0, its labels and its replication).
 *
 * The payload must be made for the number the version gets (client-side
 * envelopes bind it), and GCP gives numbers out itself: highest ever + 1.
 * So the write predicts n = (the highest number it knows of) + 1, calls
 * `payload(n)`, adds, and compares the number GCP gave. The highest number
 * comes from the secret's own state (L and its entries), which is exact
 * whenever every version was committed; after a mismatch, and for secrets
 * this backend did not create or whose latest is 0, it comes from
 * `ListSecretVersions` (newest first, one item). A mismatch means another
 * writer added a version meanwhile: the version just added holds a payload
 * made for another number, so it is disabled (never committed) and the
 * write starts over, reading again, so `ifVersion` is checked again. A
 * mismatch alone is not a conflict: after a round of racing writers, every
 * next writer predicts from the same state, which the losers' disabled
 * versions made stale, and failing them all would leave that round with no
 * winner. Only the commit decides (see _commit.ts): at most one write
 * commits per etag.
 *
 * Writes to one secret through one backend are queued (_context.ts), so
 * within a process numbers are contiguous and nothing is disabled; writers
 * in several processes can lose and leave disabled versions (gaps in the
 * numbers, never listed or served).
 *
 * A secret deleted while a write is under way (NOT_FOUND from the add or the
 * commit) ends the write as written-then-deleted: the delete came after it.
 * @module
 */
import {
  assertPutInput,
  BackendError,
  ConflictError,
  type PutInput,
  type Scope,
  type VersionInfo,
} from '@secrets/core'
import { dateOf, versionNumberOf } from './_client.js'
import { commit, disableVersion, infoOf } from './_commit.js'
import {
  type BackendContext,
  call,
  queueWrite,
  Refused,
  secretIdOf,
  secretName,
} from './_context.js'
import { crc32c } from './_crc32c.js'
import {
  committedAnnotations,
  encodeEntry,
  entryOf,
  LATEST_KEY,
  type SecretState,
  scopeLabels,
  stateOf,
} from './_metadata.js'
import { storedData } from './_payload.js'
import { Code } from './_rpc-errors.js'
import { newestVersion, readSecret } from './_secret-state.js'

/** The longest description kept (the store's own limit). */
export const MAX_DESCRIPTION_LENGTH = 1024
/** How often a write starts over after GCP gave its version another number. */
const MAX_ATTEMPTS = 30

/** What a write reads before adding: the state, the committed latest and the highest number. */
interface WriteBase {
  state: SecretState
  /** The committed latest as conditions see it: 0 when there is none. */
  current: number
  /** The highest version number known to exist. */
  highest: number
}

/**
 * Writes a new version (see the module comment).
 * @throws {ConflictError} when `ifVersion` does not hold, or an append kept losing races
 * @throws {InvalidArgumentError} / {InvalidValueError} / {InvalidNameError} for bad input, before any I/O
 * @throws {BackendError} for Secret Manager failures
 */
export async function put(
  ctx: BackendContext,
  scope: Scope,
  name: string,
  input: PutInput,
): Promise<VersionInfo> {
  const id = secretIdOf(ctx, scope, name)
  assertPutInput(input, { maxDescriptionLength: MAX_DESCRIPTION_LENGTH })
  // Size, form and metadata size do not depend on the number: check them before any request.
  storedData(input.payload(1), ctx.envelope)
  encodeEntry(entryFor(input, input.description ?? null, null))
  return queueWrite(ctx, id, () => write(ctx, scope, name, id, input))
}

async function write(
  ctx: BackendContext,
  scope: Scope,
  name: string,
  id: string,
  input: PutInput,
): Promise<VersionInfo> {
  let known = 0 // the highest number GCP was seen to give out
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const base = await readForWrite(ctx, scope, name, id, input.ifVersion, known > 0)
    if (!base) continue // a concurrent writer created the secret: read it
    const { state, current } = base
    const currentEntry = current > 0 ? entryOf(state, current) : null
    if (currentEntry?.requestId === input.requestId) {
      return infoOf(name, current, currentEntry) // this very write landed before (a retry)
    }
    checkCondition(name, input.ifVersion, current)
    const version = Math.max(base.highest, known) + 1
    const description =
      input.description !== undefined ? input.description : (currentEntry?.description ?? null)
    // The entry must fit beside the other annotations: know it before adding.
    committedAnnotations(state, version, encodeEntry(entryFor(input, description, null)), version)
    const added = await addVersion(ctx, id, storedData(input.payload(version), ctx.envelope))
    const entry = entryFor(input, description, added?.createdAt ?? new Date())
    if (!added) return infoOf(name, version, entry) // deleted meanwhile, after this write
    known = Math.max(known, added.version)
    if (added.version === version) {
      return commit(ctx, name, state, version, entry, input.ifVersion !== undefined)
    }
    // GCP numbered it otherwise: its payload was made for `version`, so it must never serve.
    await disableVersion(ctx, id, added.version)
    await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt))
  }
  throw new ConflictError(
    `Secret "${name}": gave up after ${MAX_ATTEMPTS} attempts lost to concurrent writes`,
  )
}

/**
 * Reads what a write needs; creates the secret when it does not exist.
 * @param exact list the newest version to know the highest number (after a lost race)
 * @returns null when a concurrent writer created the secret first
 */
async function readForWrite(
  ctx: BackendContext,
  scope: Scope,
  name: string,
  id: string,
  ifVersion: number | undefined,
  exact: boolean,
): Promise<WriteBase | null> {
  const [state, newest] = await Promise.all([
    readSecret(ctx, id),
    exact ? newestVersion(ctx, id, false) : undefined,
  ])
  if (!state) {
    if (ifVersion !== undefined && ifVersion > 0) throw doesNotExist(name, ifVersion)
    const created = await createSecret(ctx, scope, id)
    return created && { state: created, current: 0, highest: 0 }
  }
  const numberOf = (v: { name?: string | null } | null | undefined) => versionNumberOf(v?.name) ?? 0
  if (state.latest === null) {
    // Not created by this backend: its latest is the newest enabled version.
    const [enabled, any] = await Promise.all([
      newestVersion(ctx, id, true),
      newest === undefined ? newestVersion(ctx, id, false) : newest,
    ])
    return { state, current: numberOf(enabled), highest: numberOf(any) }
  }
  // Latest 0: versions destroyed, or a first write that never committed; list to know.
  const listed = newest ?? (state.latest === 0 ? await newestVersion(ctx, id, false) : null)
  const highest = Math.max(state.latest, ...state.entries.keys(), numberOf(listed))
  return { state, current: state.latest, highest }
}

function checkCondition(name: string, ifVersion: number | undefined, current: number): void {
  if (ifVersion === undefined) return
  if (ifVersion === 0) {
    if (current > 0) throw new ConflictError(`Secret "${name}" already exists`)
    return
  }
  if (current === 0) throw doesNotExist(name, ifVersion)
  if (current !== ifVersion) {
    throw new ConflictError(`Secret "${name}" is at version ${current}, not ${ifVersion}`)
  }
}

function doesNotExist(name: string, ifVersion: number): ConflictError {
  return new ConflictError(`Secret "${name}" does not exist, not at version ${ifVersion}`)
}

/** `CreateSecret` with no version yet; null when it already exists. */
async function createSecret(
  ctx: BackendContext,
  scope: Scope,
  id: string,
): Promise<SecretState | null> {
  const { replication } = ctx
  const secret = {
    ...(replication === 'automatic' ? { replication: { automatic: {} } } : {}),
    ...(typeof replication === 'object'
      ? {
          replication: { userManaged: { replicas: replication.map((location) => ({ location })) } },
        }
      : {}),
    labels: scopeLabels(scope),
    annotations: { [LATEST_KEY]: '0' },
  }
  const created = await call(
    ctx,
    'CreateSecret',
    secretName(ctx, id),
    () => ctx.client.createSecret({ parent: ctx.parent, secretId: id, secret }),
    [Code.ALREADY_EXISTS],
  )
  return created instanceof Refused ? null : stateOf(id, created[0])
}

/** `AddSecretVersion` with the data's CRC32C; null when the secret is gone. */
async function addVersion(
  ctx: BackendContext,
  id: string,
  data: Uint8Array,
): Promise<{ version: number; createdAt: Date } | null> {
  const parent = secretName(ctx, id)
  const added = await call(
    ctx,
    'AddSecretVersion',
    parent,
    () => ctx.client.addSecretVersion({ parent, payload: { data, dataCrc32c: crc32c(data) } }),
    [Code.NOT_FOUND],
  )
  if (added instanceof Refused) return null
  const version = versionNumberOf(added[0].name)
  if (version === null) {
    throw new BackendError(
      `${ctx.label}: AddSecretVersion answered for "${parent}" without a number`,
    )
  }
  return { version, createdAt: dateOf(added[0].createTime) }
}

function entryFor(input: PutInput, description: string | null, createdAt: Date | null) {
  return {
    createdBy: input.createdBy ?? null,
    description,
    previousExpiresAt: input.previousExpiresAt ?? null,
    requestId: input.requestId,
    createdAt,
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
