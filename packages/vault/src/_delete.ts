/**
 * `delete`: by default the whole key with every version and its metadata
 * (`DELETE <mount>/metadata/<path>`); with `deletion: 'soft'`, only the latest
 * version (`DELETE <mount>/data/<path>`), which Vault's undelete can bring
 * back. Both first read the key's metadata, to report whether there was
 * anything to delete.
 * @module
 */
import type { Scope } from '@secrets/core'
import { type BackendContext, call } from './_context.js'
import { latestIsLive, readKeyMetadata } from './_key-metadata.js'

/**
 * Deletes a secret as the deletion mode says.
 * @returns whether there was a live secret (destroy: a key) to delete
 * @throws {BackendError} for Vault failures
 */
export async function deleteSecret(
  ctx: BackendContext,
  scope: Scope,
  name: string,
): Promise<boolean> {
  const path = ctx.naming.path(scope, name)
  const meta = await readKeyMetadata(ctx, path)
  const area = ctx.deletion === 'destroy' ? 'metadata' : 'data'
  if (ctx.deletion === 'destroy' ? meta === null : !latestIsLive(meta)) return false
  await call(
    ctx,
    { path: `/${ctx.mount}/${area}/${path}`, method: 'DELETE' },
    { area, path, needs: 'delete' },
  )
  return true
}
