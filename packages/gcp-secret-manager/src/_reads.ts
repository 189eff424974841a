/**
 * Reads. One record is `GetSecret` (committed latest and entries) and
 * `AccessSecretVersion` (the `latest` alias, or the pinned number), sent
 * concurrently: one round trip. Reads follow the committed latest, not the
 * alias: when the alias names another version (a writer that has not
 * committed, or lost and has not disabled its version yet), the committed
 * version is accessed instead, so an uncommitted version is never served.
 *
 * Secret Manager has no batch read, so `getMany` runs its reads through a
 * bounded pool: N names cost 2N RPCs in about ceil(N / concurrency) round
 * trips. A disabled or destroyed version (FAILED_PRECONDITION) and a missing
 * one (NOT_FOUND) read as absent, never as an empty value.
 * @module
 */
import {
  assertVersionNumber,
  BackendError,
  type RecordKey,
  readEach,
  type Scope,
  type SecretRecord,
} from '@secrets/core'
import { versionNumberOf } from './_client.js'
import { type BackendContext, call, Refused, secretIdOf, versionName } from './_context.js'
import { entryOf, isCommitted, type SecretState } from './_metadata.js'
import { checkedData, payloadOf } from './_payload.js'
import { Code } from './_rpc-errors.js'
import { newestVersion, readSecret } from './_secret-state.js'

/** A version's number and checked data. */
interface Accessed {
  version: number
  data: Uint8Array
}

/**
 * Reads many records through the pool, each distinct (name, version) once.
 * @throws {InvalidArgumentError} / {InvalidNameError} for a malformed key, before any I/O
 * @throws {BackendError} for any failure but "not found" or a disabled version
 */
export function getMany(
  ctx: BackendContext,
  scope: Scope,
  keys: readonly RecordKey[],
): Promise<Array<SecretRecord | null>> {
  return readEach(keys, ctx.concurrency, (key) =>
    readRecord(ctx, key.name, secretIdOf(ctx, scope, key.name), key.version),
  )
}

/**
 * Reads one record: two concurrent RPCs (a third when the alias is not the committed latest).
 * @returns the record, or null when the secret or that version is absent, disabled, destroyed or uncommitted
 */
export async function get(
  ctx: BackendContext,
  scope: Scope,
  name: string,
  version?: number,
): Promise<SecretRecord | null> {
  if (version !== undefined) assertVersionNumber(version)
  return readRecord(ctx, name, secretIdOf(ctx, scope, name), version)
}

async function readRecord(
  ctx: BackendContext,
  name: string,
  id: string,
  version: number | undefined,
): Promise<SecretRecord | null> {
  const [state, accessed] = await Promise.all([
    readSecret(ctx, id),
    accessVersion(ctx, id, version ?? 'latest'),
  ])
  if (!state) return null
  if (state.latest === null) {
    // Not created by this backend: GCP's own notion of latest, the newest enabled version.
    if (accessed || version !== undefined) return accessed && toRecord(ctx, name, state, accessed)
    const number = versionNumberOf((await newestVersion(ctx, id, true))?.name)
    const newest = number === null ? null : await accessVersion(ctx, id, number)
    return newest && toRecord(ctx, name, state, newest)
  }
  const target = version ?? state.latest
  if (!isCommitted(state, target)) return null
  const value = accessed?.version === target ? accessed : await accessVersion(ctx, id, target)
  return value && toRecord(ctx, name, state, value)
}

/**
 * `AccessSecretVersion` of a number or of the `latest` alias, checksum verified.
 * @returns the version and its data, or null when it is missing, disabled or destroyed
 */
export async function accessVersion(
  ctx: BackendContext,
  id: string,
  version: number | 'latest',
): Promise<Accessed | null> {
  const name = versionName(ctx, id, version)
  const got = await call(
    ctx,
    'AccessSecretVersion',
    name,
    () => ctx.client.accessSecretVersion({ name }),
    [Code.NOT_FOUND, Code.FAILED_PRECONDITION],
  )
  if (got instanceof Refused) return null
  const number = versionNumberOf(got[0].name)
  if (number === null || (version !== 'latest' && number !== version)) {
    throw new BackendError(
      `${ctx.label}: AccessSecretVersion answered for "${name}" with another version's name`,
    )
  }
  return { version: number, data: checkedData(ctx.label, name, got[0]) }
}

function toRecord(
  ctx: BackendContext,
  name: string,
  state: SecretState,
  accessed: Accessed,
): SecretRecord {
  const entry = entryOf(state, accessed.version)
  return {
    name,
    version: accessed.version,
    payload: payloadOf(accessed.data, ctx.envelope),
    description: entry?.description ?? null,
    createdBy: entry?.createdBy ?? null,
    previousExpiresAt: entry?.previousExpiresAt ?? null,
    // AccessSecretVersion does not say when a version was made: the secret's creation bounds it.
    createdAt: entry?.createdAt ?? state.createdAt,
  }
}
