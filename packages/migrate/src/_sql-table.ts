/**
 * A table whose name and columns are only known at run time, through the
 * caller's Kysely instance. Only types come from `kysely`: this package
 * never loads it, so it stays an optional peer. Internal.
 * @module
 */
import { InvalidArgumentError } from '@secrets/core'
import type { Kysely } from 'kysely'

/** A row of a table known at run time. */
export type Row = Record<string, unknown>

/** The view of the caller's database that the queries are written against. */
export type AnyDatabase = Kysely<Record<string, Row>>

/** Plain SQL identifiers, optionally schema-qualified (`public.users`). */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}(?:\.[A-Za-z_][A-Za-z0-9_]{0,62})?$/

/**
 * Checks the database and the identifiers given.
 * @throws {InvalidArgumentError} for a missing `db` or a name that is not a plain identifier
 */
export function checkTable(
  db: unknown,
  identifiers: Readonly<Record<string, unknown>>,
  caller: string,
): AnyDatabase {
  if (typeof (db as { selectFrom?: unknown } | undefined)?.selectFrom !== 'function') {
    throw new InvalidArgumentError(`${caller} needs "db": a Kysely instance`)
  }
  for (const [option, value] of Object.entries(identifiers)) {
    if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
      throw new InvalidArgumentError(`"${option}" must be a plain SQL identifier`)
    }
  }
  return db as AnyDatabase
}
