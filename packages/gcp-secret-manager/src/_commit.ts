/**
 * The commit of a write, which is its compare-and-set: `UpdateSecret` of the
 * annotations with the etag the write read, setting `secrets-latest` and the
 * version's entry. GCP refuses a stale etag (FAILED_PRECONDITION; ABORTED is
 * treated alike) and every update moves the etag, so at most one write
 * commits per etag. An `ifVersion` write that loses disables its version and
 * throws `ConflictError`; an append reads again and commits with the fresh
 * etag, latest = max(current, its number), so every append lands.
 * @module
 */
import { ConflictError, type VersionInfo, versionInfoOf } from '@secrets/core'
import { type BackendContext, call, Refused, secretName, versionName } from './_context.js'
import {
  committedAnnotations,
  encodeEntry,
  type SecretState,
  type VersionEntry,
} from './_metadata.js'
import { Code } from './_rpc-errors.js'
import { readSecret } from './_secret-state.js'

/** How often an append's commit is retried with a fresh etag. */
const MAX_COMMITS = 30

/**
 * Commits version `version` (see the module comment).
 * @param conditional an `ifVersion` write: a stale etag is a conflict, not a retry
 */
export async function commit(
  ctx: BackendContext,
  name: string,
  state: SecretState,
  version: number,
  entry: VersionEntry,
  conditional: boolean,
): Promise<VersionInfo> {
  const text = encodeEntry(entry)
  const target = secretName(ctx, state.id)
  let current = state
  for (let attempt = 1; ; attempt++) {
    const secret = {
      name: target,
      etag: current.etag,
      annotations: committedAnnotations(
        current,
        version,
        text,
        Math.max(current.latest ?? 0, version),
      ),
    }
    const updated = await call(
      ctx,
      'UpdateSecret',
      target,
      () => ctx.client.updateSecret({ secret, updateMask: { paths: ['annotations'] } }),
      [Code.NOT_FOUND, Code.FAILED_PRECONDITION, Code.ABORTED],
    )
    if (!(updated instanceof Refused) || updated.code === Code.NOT_FOUND) {
      return infoOf(name, version, entry) // committed, or deleted after this write
    }
    // The etag moved: another write committed, or something else updated the secret.
    if (conditional || attempt >= MAX_COMMITS) {
      await disableVersion(ctx, state.id, version)
      throw new ConflictError(
        conditional
          ? `Secret "${name}" was changed by a concurrent write`
          : `Secret "${name}": gave up committing version ${version} after ${attempt} attempts`,
      )
    }
    const fresh = await readSecret(ctx, state.id)
    if (!fresh) return infoOf(name, version, entry)
    current = fresh
  }
}

/** `DisableSecretVersion`; a version already gone or destroyed is fine. */
export async function disableVersion(
  ctx: BackendContext,
  id: string,
  version: number,
): Promise<void> {
  const name = versionName(ctx, id, version)
  await call(ctx, 'DisableSecretVersion', name, () => ctx.client.disableSecretVersion({ name }), [
    Code.NOT_FOUND,
    Code.FAILED_PRECONDITION,
  ])
}

/** What `put` returns for a version and its entry. */
export function infoOf(name: string, version: number, entry: VersionEntry): VersionInfo {
  return versionInfoOf(name, version, entry, entry.createdAt ?? new Date())
}
