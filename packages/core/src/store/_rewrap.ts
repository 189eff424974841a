/**
 * `rewrap(name)`: the per-secret form of `rekey`. Every version's data key is
 * unwrapped and wrapped again under the primary key; the value's ciphertext
 * is kept byte for byte, so no value is decrypted. Internal.
 * @module
 */
import type { Scope } from '../backend/scope.js'
import type { PayloadUpdate } from '../backend/secret-backend.js'
import { assertSecretName } from '../backend/validation.js'
import { SecretNotFoundError } from '../errors/secret-not-found-error.js'
import { UnsupportedOperationError } from '../errors/unsupported-operation-error.js'
import { checkContext } from './_checks.js'
import type { StoreContext } from './_store-context.js'
import type { AccessContext, RewrapResult } from './types.js'

/**
 * Rewraps every version of `name` under the primary key, through the
 * backend's `replacePayloads` (each update applies only where the stored
 * payload is still the one read, so a concurrent change is never overwritten).
 * Audited as a `rekey` event naming the secret, `count` being the versions rewrapped.
 * @throws {UnsupportedOperationError} before any I/O when the backend has no `replacePayloads`
 * @throws {SecretNotFoundError} when the secret does not exist
 * @throws {UnknownKeyError} / {DecryptionError} when a version cannot be unwrapped (nothing is written)
 */
export async function rewrapSecret(
  store: StoreContext,
  scope: Scope,
  name: string,
  opts: Partial<AccessContext> | undefined,
): Promise<RewrapResult> {
  assertSecretName(name)
  checkContext(opts, 'Rewraps', store.requireAccessor)
  const { backend, audit } = store
  const cipher = store.codec.cipher
  const replace = backend.replacePayloads?.bind(backend)
  if (cipher && !replace) {
    throw new UnsupportedOperationError(
      `Backend "${backend.name}" cannot replace stored payloads, so it cannot rewrap "${name}"`,
    )
  }
  const fields = { name, accessor: opts?.accessor, reason: opts?.reason ?? 'rewrap' }
  let result: RewrapResult
  try {
    const infos = await backend.versions(scope, name)
    if (infos.length === 0) throw new SecretNotFoundError(name)
    result = { version: infos[0]!.version, versions: infos.length, rewrapped: 0, primaryKeyId: '' }
    if (cipher && replace) {
      const primary = cipher.keyring.primaryFingerprint
      const records = await backend.getMany(
        scope,
        infos.map((info) => ({ name, version: info.version })),
      )
      const updates: PayloadUpdate[] = []
      for (const record of records) {
        if (!record || cipher.headerOf(record.payload).keyId === primary) continue
        updates.push({
          scopeKey: scope.key,
          name,
          version: record.version,
          previous: record.payload,
          payload: cipher.rewrap(record.payload),
        })
      }
      result.primaryKeyId = cipher.keyring.primaryId
      if (updates.length > 0) result.rewrapped = await replace(updates)
    }
  } catch (err) {
    throw await audit.recordFailure(scope, 'rekey', err, fields)
  }
  await audit.recordApplied([
    audit.event(scope, 'rekey', 'success', { ...fields, count: result.rewrapped }),
  ])
  return result
}
