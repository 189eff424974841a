/**
 * The check every backend runs on `getMany`'s keys before any I/O.
 * @module
 */
import type { RecordKey } from '../backend/secret-backend.js'
import { assertSecretName } from '../backend/validation.js'
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'

/**
 * Checks a version number.
 * @throws {InvalidArgumentError} unless it is a positive safe integer
 */
export function assertVersionNumber(version: unknown): asserts version is number {
  if (!Number.isSafeInteger(version) || (version as number) < 1) {
    throw new InvalidArgumentError('A version must be a positive integer')
  }
}

/**
 * Checks `getMany`'s keys: an array of `{ name, version? }` with valid names
 * and versions.
 * @throws {InvalidArgumentError} for a malformed key; {InvalidNameError} for a bad name
 * @example
 * ```ts
 * assertRecordKeys([{ name: 'db/password' }, { name: 'API_KEY', version: 3 }])
 * ```
 */
export function assertRecordKeys(keys: unknown): asserts keys is readonly RecordKey[] {
  if (!Array.isArray(keys)) throw new InvalidArgumentError('getMany expects an array of keys')
  for (const key of keys) {
    if (typeof key !== 'object' || key === null) {
      throw new InvalidArgumentError('Each key must be an object { name, version? }')
    }
    assertSecretName((key as RecordKey).name)
    if ((key as RecordKey).version !== undefined) assertVersionNumber((key as RecordKey).version)
  }
}
