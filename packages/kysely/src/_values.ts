/**
 * Checks on what backend calls receive, and bytes to and from the drivers.
 * Internal.
 * @module
 */
import { InvalidArgumentError, type Scope } from '@secrets/core'

/** A scope as `toScope()` makes it. */
export function assertScope(scope: Scope): void {
  if (typeof scope !== 'object' || scope === null || typeof scope.key !== 'string') {
    throw new InvalidArgumentError('A backend call needs a Scope made by toScope()')
  }
}

/** A positive safe integer. */
export function assertVersion(version: unknown, what: string): asserts version is number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new InvalidArgumentError(`${what} must be a positive integer`)
  }
}

/** A string or null, without NUL. */
export function assertText(value: unknown, what: string): asserts value is string | null {
  if (value === null) return
  if (typeof value !== 'string') throw new InvalidArgumentError(`${what} must be a string or null`)
  // PostgreSQL text cannot hold NUL; refuse it everywhere so every dialect stores the same.
  if (value.includes('\0'))
    throw new InvalidArgumentError(`${what} must not contain NUL characters`)
}

/** The driver-facing form of bytes: a Buffer view (mysql2 and better-sqlite3 bind Buffers only). */
export function toDriverBytes(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** A copy, so that no caller holds a view into a driver's pooled memory. */
export function fromDriverBytes(value: Uint8Array): Uint8Array {
  return new Uint8Array(value)
}
