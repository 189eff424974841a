/**
 * ObjectIds for cursors, made by the caller's own driver.
 *
 * Cursors of `scan` and of the access log hold an `_id` as 24 hex digits;
 * continuing needs it back as an ObjectId. The package cannot import one:
 * it never loads the driver, and an ObjectId of another BSON major is
 * refused by the serializer (driver 6 rejects bson 7 values). So the class
 * is learnt from the `_id` of any document read through the same database,
 * and, when none has been read yet, from one `_id` fetched for that purpose.
 * A collection with no document at all has nothing after any cursor.
 * @module
 */
import { BackendError } from '@secrets/core'
import { guarded } from './_errors.js'
import type { MongoCollection, MongoDatabase } from './mongo-database.js'

/** An ObjectId as read: its hex form and creation time. */
export interface ObjectIdLike {
  toHexString(): string
  getTimestamp(): Date
}

type ObjectIdClass = new (hex: string) => ObjectIdLike

/** ObjectId classes by database handle (one driver per handle). */
const classes = new WeakMap<MongoDatabase, ObjectIdClass>()

/** Whether `id` is an ObjectId's hex form, as cursors hold it. */
export const isObjectIdHex = (id: unknown): id is string =>
  typeof id === 'string' && /^[0-9a-f]{24}$/.test(id)

/**
 * Checks that a stored `_id` is an ObjectId, and remembers its class.
 * @throws {BackendError} for any other `_id` (a document this package did not write)
 */
export function asObjectId(db: MongoDatabase, id: unknown): ObjectIdLike {
  const candidate = id as Partial<ObjectIdLike> | null
  if (
    typeof candidate?.toHexString !== 'function' ||
    typeof candidate.getTimestamp !== 'function'
  ) {
    throw new BackendError('mongodb: a stored document has an _id that is not an ObjectId')
  }
  if (!classes.has(db)) classes.set(db, (id as object).constructor as ObjectIdClass)
  return id as ObjectIdLike
}

/**
 * The ObjectId of `hex`, made with the driver `db` belongs to.
 * @param collection where to fetch one `_id` when no class is known yet
 * @param operation the call it serves, for messages
 * @returns null when the class is unknown and the collection is empty
 */
export async function objectIdFor(
  db: MongoDatabase,
  collection: MongoCollection,
  hex: string,
  operation: string,
): Promise<ObjectIdLike | null> {
  let ObjectId = classes.get(db)
  if (ObjectId === undefined) {
    const sample = await guarded(operation, () =>
      collection.findOne({}, { projection: { _id: 1 } }),
    )
    if (sample === null) return null
    asObjectId(db, sample._id)
    ObjectId = classes.get(db) as ObjectIdClass
  }
  return new ObjectId(hex)
}
