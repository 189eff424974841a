/**
 * Deletes. By default (`deletion: 'delete'`) one `DeleteSecret`, which
 * removes the secret with every version, its labels, annotations and IAM
 * bindings. With `deletion: 'destroy-versions'` the secret resource stays
 * (labels, replication, IAM bindings): every version that is not destroyed
 * yet is destroyed, then `secrets-latest` is set to 0 and the entries are
 * dropped, with the etag read first; a write that committed in between moves
 * the etag, and the delete starts over to destroy that version too.
 * @module
 */
import { ConflictError, mapConcurrent, type Scope } from '@secrets/core'
import { isDestroyed, isEnabled, versionNumberOf } from './_client.js'
import {
  type BackendContext,
  call,
  Refused,
  secretIdOf,
  secretName,
  versionName,
} from './_context.js'
import { listVersions } from './_listing.js'
import { LATEST_KEY } from './_metadata.js'
import { Code } from './_rpc-errors.js'
import { readSecret } from './_secret-state.js'

/** How often a 'destroy-versions' delete starts over when a write commits meanwhile. */
const MAX_ATTEMPTS = 30

/**
 * Deletes every version of a secret.
 * @returns whether it had a committed (or, if this backend did not create it, enabled) version
 */
export async function deleteSecret(
  ctx: BackendContext,
  scope: Scope,
  name: string,
): Promise<boolean> {
  const id = secretIdOf(ctx, scope, name)
  const target = secretName(ctx, id)
  if (ctx.deletion === 'delete') {
    const deleted = await call(
      ctx,
      'DeleteSecret',
      target,
      () => ctx.client.deleteSecret({ name: target }),
      [Code.NOT_FOUND],
    )
    return !(deleted instanceof Refused)
  }
  let existed: boolean | undefined
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const [state, stored] = await Promise.all([
      readSecret(ctx, id),
      listVersions(ctx, id, undefined),
    ])
    if (!state) return existed ?? false
    existed ??= state.latest === null ? stored.some(isEnabled) : state.latest > 0
    const live = stored.filter((v) => !isDestroyed(v))
    await mapConcurrent(live, ctx.concurrency, async (v) => {
      const version = versionNumberOf(v.name)
      if (version === null) return
      const versionTarget = versionName(ctx, id, version)
      await call(
        ctx,
        'DestroySecretVersion',
        versionTarget,
        () => ctx.client.destroySecretVersion({ name: versionTarget }),
        [Code.NOT_FOUND, Code.FAILED_PRECONDITION],
      )
    })
    const updated = await call(
      ctx,
      'UpdateSecret',
      target,
      () =>
        ctx.client.updateSecret({
          secret: {
            name: target,
            etag: state.etag,
            annotations: { ...state.others, [LATEST_KEY]: '0' },
          },
          updateMask: { paths: ['annotations'] },
        }),
      [Code.NOT_FOUND, Code.FAILED_PRECONDITION, Code.ABORTED],
    )
    if (!(updated instanceof Refused) || updated.code === Code.NOT_FOUND) return existed
  }
  throw new ConflictError(
    `Secret "${name}" kept changing while its versions were destroyed (${MAX_ATTEMPTS} attempts): delete it again`,
  )
}
