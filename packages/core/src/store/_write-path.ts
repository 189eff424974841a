/**
 * The write path: `set`, `rotate` and `delete`. Every change drops the name
 * from the cache before and after it reaches the backend, and is audited;
 * one that was applied but could not be recorded says so. Internal.
 * @module
 */
import type { Scope } from '../backend/scope.js'
import type { PutInput, SecretBackendV1, VersionInfo } from '../backend/secret-backend.js'
import { assertSecretName, encodeSecretValue } from '../backend/validation.js'
import { ConflictError } from '../errors/conflict-error.js'
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import { InvalidValueError } from '../errors/invalid-value-error.js'
import { SecretNotFoundError } from '../errors/secret-not-found-error.js'
import { assertOptionalString, checkContext } from './_checks.js'
import type { StoreContext } from './_store-context.js'
import type { AccessContext, RotateOptions, WriteResult } from './types.js'

/** How often a `v1` backend's append is retried after losing a compare-and-set race. */
const V1_MAX_ATTEMPTS = 100

/**
 * Writes a new version (`set`) or rotates an existing secret (`rotate`).
 * @throws {InvalidArgumentError} / {InvalidNameError} / {InvalidValueError} before any I/O
 */
export async function writeValue(
  store: StoreContext,
  scope: Scope,
  action: 'write' | 'rotate',
  name: string,
  value: string,
  opts: RotateOptions,
): Promise<WriteResult> {
  assertSecretName(name)
  checkContext(opts, 'Writes', store.requireAccessor)
  assertOptionalString(opts.description, 'description', 1024)
  const { ifVersion } = opts
  if (ifVersion !== undefined && !(Number.isSafeInteger(ifVersion) && ifVersion >= 0))
    throw new InvalidArgumentError('ifVersion must be 0 (create only) or a version number')
  const overlapMs = opts.overlapMs ?? store.defaultOverlapMs
  if (!Number.isFinite(overlapMs) || overlapMs < 0)
    throw new InvalidArgumentError('overlapMs must be 0 or more')
  const { backend, caps, codec, cache, audit } = store
  const plain = encodeSecretValue(value, store.maxValueBytes)
  const size = codec.payloadSize(plain.length)
  if (caps.maxPayloadBytes !== undefined && size > caps.maxPayloadBytes) {
    plain.fill(0)
    throw new InvalidValueError(
      `Backend "${backend.name}" stores at most ${caps.maxPayloadBytes} bytes; this value needs ${size}`,
    )
  }
  const fields = { name, accessor: opts.accessor, reason: opts.reason }
  const input: PutInput = {
    payload: (version) => codec.seal(scope, name, plain, version, true),
    ...(opts.description === undefined ? {} : { description: opts.description }),
    createdBy: opts.accessor ?? null,
    previousExpiresAt: action === 'rotate' ? new Date(store.now().getTime() + overlapMs) : null,
    ...(ifVersion === undefined ? {} : { ifVersion }),
    requestId: globalThis.crypto.randomUUID(),
  }
  cache?.invalidate(scope.key, name)
  let version: number
  try {
    if (action === 'rotate' && ifVersion === undefined && !(await backend.get(scope, name)))
      throw new SecretNotFoundError(name)
    const info =
      backend.specificationVersion === 'v2'
        ? await backend.put(scope, name, input)
        : await putV1(store, backend, scope, name, input, plain)
    version = info.version
  } catch (err) {
    throw await audit.recordFailure(scope, action, err, fields)
  } finally {
    plain.fill(0) // best effort, see envelope-cipher
    cache?.invalidate(scope.key, name)
  }
  await audit.recordApplied([audit.event(scope, action, 'success', { ...fields, version })])
  return { version }
}

/**
 * A `v1` backend takes finished bytes. With compare-and-set, seal for the
 * next version and write only if the latest is still the one read, retrying
 * an append that lost; without it, fall back to format 1 (scope and name bound).
 */
async function putV1(
  store: StoreContext,
  backend: SecretBackendV1,
  scope: Scope,
  name: string,
  input: PutInput,
  plain: Uint8Array,
): Promise<VersionInfo> {
  const { payload, ...rest } = input
  if (!backend.capabilities.cas || !store.codec.cipher) {
    return backend.put(scope, name, {
      ...rest,
      payload: store.codec.seal(scope, name, plain, 0, false),
    })
  }
  for (let attempt = 1; ; attempt++) {
    // One record, not every version's metadata: only the latest number matters.
    const expected = input.ifVersion ?? (await backend.get(scope, name))?.version ?? 0
    try {
      return await backend.put(scope, name, {
        ...rest,
        payload: payload(expected + 1),
        ifVersion: expected,
      })
    } catch (err) {
      const lost = ConflictError.isInstance(err)
      if (!lost || input.ifVersion !== undefined || attempt >= V1_MAX_ATTEMPTS) throw err
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, attempt * 2)))
    }
  }
}

/**
 * Deletes every version of a name.
 * @returns whether it existed
 */
export async function deleteSecret(
  store: StoreContext,
  scope: Scope,
  name: string,
  opts: Partial<AccessContext> | undefined,
): Promise<boolean> {
  assertSecretName(name)
  checkContext(opts, 'Deletes', store.requireAccessor)
  const { backend, cache, audit } = store
  const fields = { name, accessor: opts?.accessor, reason: opts?.reason }
  cache?.invalidate(scope.key, name)
  let existed: boolean
  try {
    existed = await backend.delete(scope, name)
  } catch (err) {
    throw await audit.recordFailure(scope, 'delete', err, fields)
  } finally {
    cache?.invalidate(scope.key, name)
  }
  if (existed) await audit.recordApplied([audit.event(scope, 'delete', 'success', fields)])
  else await audit.record([audit.event(scope, 'delete', 'not_found', fields)])
  return existed
}
