/**
 * The check every backend runs on `put`'s input before any I/O, so that bad
 * input never reaches storage and every backend rejects it the same way.
 * @module
 */
import type { PutInput } from '../backend/secret-backend.js'
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'

/** Limits a service puts on what `put` carries. */
export interface PutInputLimits {
  /**
   * The longest description the service keeps, in characters.
   * @default 2048
   */
  maxDescriptionLength?: number
}

/**
 * Checks a `PutInput`: `payload` a function, `ifVersion` 0 or a version,
 * `createdBy` a string or null, `description` a bounded string, null or
 * undefined, `previousExpiresAt` a valid Date or null, `requestId` 1 to 128
 * characters.
 * @throws {InvalidArgumentError} naming the field
 * @example
 * ```ts
 * assertPutInput(input, { maxDescriptionLength: 1024 })
 * ```
 */
export function assertPutInput(
  input: unknown,
  limits: PutInputLimits = {},
): asserts input is PutInput {
  if (typeof input !== 'object' || input === null) {
    throw new InvalidArgumentError('put needs an input object')
  }
  const { payload, ifVersion, createdBy, description, previousExpiresAt, requestId } =
    input as Partial<PutInput>
  const maxDescription = limits.maxDescriptionLength ?? 2048
  if (typeof payload !== 'function') {
    throw new InvalidArgumentError('payload must be a function of the version number')
  }
  if (ifVersion !== undefined && !(Number.isSafeInteger(ifVersion) && ifVersion >= 0)) {
    throw new InvalidArgumentError('ifVersion must be 0 (create only) or a version number')
  }
  if (createdBy !== null && typeof createdBy !== 'string') {
    throw new InvalidArgumentError('createdBy must be a string or null')
  }
  if (description !== undefined && description !== null && typeof description !== 'string') {
    throw new InvalidArgumentError('description must be a string, null or undefined')
  }
  if (description && description.length > maxDescription) {
    throw new InvalidArgumentError(
      `This backend keeps descriptions of at most ${maxDescription} characters`,
    )
  }
  if (
    previousExpiresAt !== null &&
    !(previousExpiresAt instanceof Date && Number.isFinite(previousExpiresAt.getTime()))
  ) {
    throw new InvalidArgumentError('previousExpiresAt must be a valid Date or null')
  }
  if (typeof requestId !== 'string' || requestId.length === 0 || requestId.length > 128) {
    throw new InvalidArgumentError('requestId must be a string of 1 to 128 characters')
  }
}
