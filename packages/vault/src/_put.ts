/**
 * Writes. Every write is a KV v2 check-and-set (`options.cas`), which Vault
 * applies atomically: `ifVersion: n` sends `cas: n`, `ifVersion: 0` sends
 * `cas: 0` (write only if the key does not exist), and a plain append reads
 * the current version and sends that, retrying with the next number when a
 * concurrent writer got there first. So concurrent appends all land with
 * contiguous numbers, and mounts or keys with `cas_required` work as is.
 * After the value, one `PATCH` of the key's metadata saves the version's
 * entry (see _metadata.ts).
 * @module
 */
import {
  assertPutInput,
  BackendError,
  ConflictError,
  InvalidValueError,
  type PutInput,
  type Scope,
  type VersionInfo,
  type VersionMetadata,
  versionInfoOf,
  versionMetadataOf,
} from '@secrets/core'
import { type BackendContext, call } from './_context.js'
import { type KeyMetadata, readKeyMetadata } from './_key-metadata.js'
import { encodeEntry, metadataPatch, readEntry } from './_metadata.js'
import { dataOf } from './_values.js'
import { isCasMismatch } from './_vault-errors.js'

/** The largest payload accepted: under the 512 KiB entry limit of Consul storage, after base64. */
export const MAX_PAYLOAD_BYTES = 384 * 1024
/** How often an append retries after losing a race for a version number. */
const MAX_ATTEMPTS = 60

/**
 * Writes a new version (see the module comment).
 * @throws {ConflictError} when `ifVersion` does not hold, or an append kept losing races
 * @throws {InvalidArgumentError} / {InvalidValueError} for bad input, before any I/O
 * @throws {BackendError} for Vault failures
 */
export async function put(
  ctx: BackendContext,
  scope: Scope,
  name: string,
  input: PutInput,
): Promise<VersionInfo> {
  const path = ctx.naming.path(scope, name)
  assertPutInput(input)
  // Size, UTF-8 form and metadata size do not depend on the number: check before any request.
  const probe = input.payload(1)
  if (probe.length > MAX_PAYLOAD_BYTES) {
    throw new InvalidValueError(
      `This backend stores at most ${MAX_PAYLOAD_BYTES} bytes per secret; this payload has ${probe.length}`,
    )
  }
  dataOf(probe, ctx.envelope)
  encodeEntry(versionMetadataOf(input, input.description ?? null))

  for (let attempt = 1; ; attempt++) {
    const meta = await readKeyMetadata(ctx, path)
    const current = meta?.current ?? 0
    const currentMeta = meta ? readEntry(meta.custom, current) : null
    if (meta && current > 0 && currentMeta?.requestId === input.requestId) {
      // This very write landed before (a retry after a lost response).
      return versionInfoOf(name, current, currentMeta)
    }
    checkCondition(name, input.ifVersion, meta)
    const version = current + 1
    const written = await call<{ data?: { version?: unknown } } | 'conflict'>(
      ctx,
      {
        path: `/${ctx.mount}/data/${path}`,
        method: 'POST',
        json: { data: dataOf(input.payload(version), ctx.envelope), options: { cas: current } },
      },
      { area: 'data', path, needs: meta ? 'update' : 'create' },
      (failure) => (isCasMismatch(failure) ? 'conflict' : undefined),
    )
    if (written !== 'conflict') {
      const landed = Number(written?.data?.version ?? version)
      const description =
        input.description !== undefined ? input.description : (currentMeta?.description ?? null)
      const saved = versionMetadataOf(input, description)
      await saveEntry(ctx, path, landed, saved, meta)
      return versionInfoOf(name, landed, saved)
    }
    if (input.ifVersion !== undefined) {
      throw new ConflictError(`Secret "${name}" was changed by a concurrent write`)
    }
    if (attempt >= MAX_ATTEMPTS) {
      throw new ConflictError(
        `Secret "${name}": gave up after ${attempt} attempts lost to concurrent writes`,
      )
    }
    await sleep(Math.min(500, 5 * 2 ** Math.min(attempt, 7)) * (0.5 + Math.random()))
  }
}

/** Checks `ifVersion` against the key's current version, before writing. */
function checkCondition(name: string, ifVersion: number | undefined, meta: KeyMetadata | null) {
  if (ifVersion === undefined) return
  if (ifVersion === 0) {
    if (meta) throw new ConflictError(`Secret "${name}" already exists`)
    return
  }
  if (!meta) throw new ConflictError(`Secret "${name}" does not exist, not at version ${ifVersion}`)
  if (meta.current !== ifVersion) {
    throw new ConflictError(`Secret "${name}" is at version ${meta.current}, not ${ifVersion}`)
  }
}

/** Saves the version's entry and the mirrors with one merge-patch of the metadata. */
async function saveEntry(
  ctx: BackendContext,
  path: string,
  version: number,
  meta: VersionMetadata,
  before: KeyMetadata | null,
): Promise<void> {
  const patch = metadataPatch(before?.custom, version, encodeEntry(meta), meta, before?.oldest ?? 0)
  try {
    await call(
      ctx,
      {
        path: `/${ctx.mount}/metadata/${path}`,
        method: 'PATCH',
        json: { custom_metadata: patch },
        headers: { 'Content-Type': 'application/merge-patch+json' },
      },
      { area: 'metadata', path, needs: 'patch' },
      // 404: a concurrent delete removed the key after the value landed; nothing to tag.
      (failure) => (failure.status === 404 ? null : undefined),
    )
  } catch (error) {
    if (!(error instanceof BackendError)) throw error
    throw new BackendError(
      `${error.message} (the value of version ${version} was written; its metadata was not)`,
      { cause: error.cause },
    )
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
