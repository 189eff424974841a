/**
 * Opaque page cursors (base64url of a small JSON value, the last key of the
 * page, checked strictly when read back) and the page-size check that every
 * paged read shares.
 * @module
 */
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'

const MAX_CURSOR_LENGTH = 2048

/** Encodes the last key of a page as an opaque cursor. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
}

/**
 * Decodes a cursor made by {@link encodeCursor}.
 * @param what the listing it belongs to, for the message
 * @param check narrows the decoded value; false rejects it
 * @throws {InvalidArgumentError} for anything {@link encodeCursor} did not produce
 * @example
 * ```ts
 * const [name] = decodeCursor(cursor, 'list', (v): v is [string] => Array.isArray(v))
 * ```
 */
export function decodeCursor<T>(
  cursor: unknown,
  what: string,
  check: (value: unknown) => value is T,
): T {
  const invalid = () =>
    new InvalidArgumentError(
      `Invalid ${what} cursor: pass the cursor of the previous page unchanged`,
    )
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH)
    throw invalid()
  const bytes = Buffer.from(cursor, 'base64url')
  if (bytes.toString('base64url') !== cursor) throw invalid()
  let value: unknown
  try {
    value = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw invalid()
  }
  if (!check(value)) throw invalid()
  return value
}

/**
 * Checks a page size.
 * @param max the largest page the read serves
 * @param what the option's name, for the message
 * @throws {InvalidArgumentError} unless `limit` is an integer from 1 to `max`
 */
export function assertPageLimit(
  limit: unknown,
  max: number,
  what = 'limit',
): asserts limit is number {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new InvalidArgumentError(`"${what}" must be an integer from 1 to ${max}`)
  }
}
