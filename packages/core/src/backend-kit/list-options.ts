/**
 * The check of `list` options that every backend shares, and its cursor:
 * the last name of the page.
 * @module
 */
import type { ListOptions } from '../backend/secret-backend.js'
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import { assertPageLimit, decodeCursor, encodeCursor } from './page-cursor.js'
import { isSecretName } from './path-naming.js'

/** Checked `list` options. */
export interface ParsedListOptions {
  limit: number
  /** `''` for none. */
  prefix: string
  /** List names after this one (from the cursor). */
  after: string | undefined
}

const PREFIX = /^[A-Za-z0-9_.\-/]{0,255}$/

/**
 * Checks `list` options: a limit of 1 to 1000, a prefix of name characters,
 * a cursor made by {@link listCursor}.
 * @throws {InvalidArgumentError} for a bad limit, prefix or cursor
 */
export function parseListOptions(options: ListOptions): ParsedListOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('list needs options such as { limit }')
  }
  const { limit, prefix = '', cursor } = options
  assertPageLimit(limit, 1000)
  if (typeof prefix !== 'string' || !PREFIX.test(prefix)) {
    throw new InvalidArgumentError('prefix must be up to 255 of A-Z a-z 0-9 _ . - /')
  }
  const after =
    cursor === undefined
      ? undefined
      : decodeCursor(cursor, 'list', (v): v is string => typeof v === 'string' && isSecretName(v))
  return { limit, prefix, after }
}

/** The cursor of the page after one ending with `lastName`; null when there is no more. */
export function listCursor(lastName: string | undefined, more: boolean): string | null {
  return more && lastName !== undefined ? encodeCursor(lastName) : null
}
