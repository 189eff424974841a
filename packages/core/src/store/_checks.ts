/** Argument checks shared by the store's methods. Internal. */
import type { ListOptions, SecretBackend, SecretBackendV1 } from '../backend/secret-backend.js'
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import type { AccessContext, ListSecretsOptions } from './types.js'

/** Checks that a backend looks like a v2 (or v1) backend. */
export function assertBackend(backend: SecretBackend | SecretBackendV1): void {
  if (typeof backend !== 'object' || backend === null)
    throw new InvalidArgumentError('createSecrets needs a `backend`')
  const spec: unknown = backend.specificationVersion
  if (spec !== 'v2' && spec !== 'v1') {
    throw new InvalidArgumentError(
      `Backend specificationVersion must be "v2" (or "v1"), got ${JSON.stringify(spec)}`,
    )
  }
  for (const method of ['getMany', 'get', 'put', 'delete', 'list', 'versions'] as const) {
    if (typeof backend[method] !== 'function')
      throw new InvalidArgumentError(`Backend "${backend.name}" lacks ${method}()`)
  }
  if (typeof backend.capabilities !== 'object' || backend.capabilities === null) {
    throw new InvalidArgumentError(`Backend "${backend.name}" lacks capabilities`)
  }
}

/** The longest accessor, in characters. */
export const MAX_ACCESSOR_LENGTH = 256
/** The longest reason, in characters. */
export const MAX_REASON_LENGTH = 1024

/**
 * Checks who acts and why, the same way for every operation: an options
 * object (or nothing, where the accessor is optional), an accessor of 1 to
 * 256 characters, a reason of at most 1024. Reads always need the accessor;
 * other operations need it when the store was created with `requireAccessor`.
 * @param what the operation, for the message (`Reads`, `Writes`, `Lists`)
 */
export function checkContext(
  ctx: unknown,
  what: string,
  accessorRequired: boolean,
): asserts ctx is Partial<AccessContext> | undefined {
  if (ctx !== undefined && (typeof ctx !== 'object' || ctx === null)) {
    throw new InvalidArgumentError(`${what} take an options object such as { accessor, reason }`)
  }
  const { accessor, reason } = (ctx ?? {}) as Partial<AccessContext>
  if (accessor === undefined || accessor === '') {
    if (accessorRequired) {
      throw new InvalidArgumentError(
        `${what} need { accessor } naming who acts, such as "user:alice" or "plugin:slack"`,
      )
    }
    if (accessor === '') throw new InvalidArgumentError('accessor must not be empty')
  }
  assertOptionalString(accessor, 'accessor', MAX_ACCESSOR_LENGTH)
  assertOptionalString(reason, 'reason', MAX_REASON_LENGTH)
}

/** An optional string of bounded length. */
export function assertOptionalString(value: unknown, what: string, max: number): void {
  if (value === undefined) return
  if (typeof value !== 'string' || value.length > max) {
    throw new InvalidArgumentError(`${what} must be a string of at most ${max} characters`)
  }
}

/** A version number: a positive safe integer. */
export function assertVersion(version: unknown): void {
  if (!Number.isSafeInteger(version) || (version as number) < 1) {
    throw new InvalidArgumentError('A version must be a positive integer')
  }
}

/** A positive integer no larger than `max`. */
export function positiveInteger(value: unknown, what: string, max: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > max) {
    throw new InvalidArgumentError(`${what} must be an integer from 1 to ${max}`)
  }
  return value as number
}

const PREFIX = /^[A-Za-z0-9_.\-/]{0,255}$/

/** Checks list options (not the context: see {@link checkContext}) and fills the default page size. */
export function checkListOptions(options: ListSecretsOptions): ListOptions {
  const limit = positiveInteger(options.limit ?? 100, 'limit', 1000)
  const out: ListOptions = { limit }
  if (options.prefix !== undefined) {
    if (typeof options.prefix !== 'string' || !PREFIX.test(options.prefix)) {
      throw new InvalidArgumentError('prefix must be up to 255 of A-Z a-z 0-9 _ . - /')
    }
    out.prefix = options.prefix
  }
  if (options.cursor !== undefined) {
    if (
      typeof options.cursor !== 'string' ||
      options.cursor.length === 0 ||
      options.cursor.length > 4096
    ) {
      throw new InvalidArgumentError('cursor must be the cursor string of a previous page')
    }
    out.cursor = options.cursor
  }
  return out
}
