/** Argument checks shared by the store's methods. Internal. */
import type { ListOptions, SecretBackend } from '../backend/secret-backend.js'
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import type { AccessContext, ListSecretsOptions } from './types.js'

/** Checks that a backend looks like a v1 backend. */
export function assertBackend(backend: SecretBackend): void {
  if (typeof backend !== 'object' || backend === null)
    throw new InvalidArgumentError('createSecrets needs a `backend`')
  if (backend.specificationVersion !== 'v1') {
    throw new InvalidArgumentError(
      `Backend specificationVersion must be "v1", got ${JSON.stringify(backend.specificationVersion)}`,
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

/** Every read names who reads. */
export function assertAccessor(ctx: AccessContext): void {
  if (
    typeof ctx !== 'object' ||
    ctx === null ||
    typeof ctx.accessor !== 'string' ||
    ctx.accessor.length === 0
  ) {
    throw new InvalidArgumentError(
      'Reads need { accessor } naming who reads, such as "user:alice" or "plugin:slack"',
    )
  }
  assertOptionalString(ctx.accessor, 'accessor', 256)
  assertOptionalString(ctx.reason, 'reason', 1024)
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

/** Checks list options and fills the default page size. */
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
  assertOptionalString(options.accessor, 'accessor', 256)
  assertOptionalString(options.reason, 'reason', 1024)
  return out
}
