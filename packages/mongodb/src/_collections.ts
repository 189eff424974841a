/**
 * Collection names and the options every export shares, checked once into
 * the context the other modules use.
 * @module
 */
import { InvalidArgumentError } from '@secrets/core'
import type { MongoCollection, MongoDatabase } from './mongo-database.js'

/** The default collection prefix: collections `secrets_secrets` and `secrets_access_log`. */
export const DEFAULT_COLLECTION_PREFIX = 'secrets_'

/** A letter or `_`, then letters, digits and `_`: a plain name in every MongoDB version. */
const PREFIX_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/

/** Options every export of this package shares. */
export interface MongoOptions {
  /** The database (`client.db(name)`); the caller owns the client and closes it. */
  db: MongoDatabase
  /**
   * Prefix of both collection names (`<prefix>secrets`, `<prefix>access_log`).
   * @default 'secrets_'
   */
  collectionPrefix?: string
}

/** What a module needs: the database and its two collections. */
export interface MongoContext {
  readonly db: MongoDatabase
  readonly secrets: MongoCollection
  readonly accessLog: MongoCollection
}

/**
 * Checks a collection prefix.
 * @param what the option or variable it came from, for the message
 * @throws {InvalidArgumentError} unless it matches `^[A-Za-z_][A-Za-z0-9_]{0,63}$`
 */
export function assertCollectionPrefix(prefix: unknown, what = '"collectionPrefix"'): string {
  if (typeof prefix !== 'string' || !PREFIX_PATTERN.test(prefix)) {
    throw new InvalidArgumentError(
      `${what} must match ${PREFIX_PATTERN} (letters, digits and _, at most 64 characters)`,
    )
  }
  return prefix
}

/**
 * Checks the shared options and opens the two collections.
 * @param who the export being configured, for messages
 * @throws {InvalidArgumentError} for a missing `db` or a bad prefix
 */
export function toMongoContext(options: MongoOptions, who: string): MongoContext {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(`${who} needs an options object such as { db }`)
  }
  const db = options.db
  if (!db || typeof db.collection !== 'function' || typeof db.command !== 'function') {
    throw new InvalidArgumentError(`${who} needs "db": a MongoDB database (client.db(name))`)
  }
  const prefix = assertCollectionPrefix(options.collectionPrefix ?? DEFAULT_COLLECTION_PREFIX)
  return Object.freeze({
    db,
    secrets: db.collection(`${prefix}secrets`),
    accessLog: db.collection(`${prefix}access_log`),
  })
}
