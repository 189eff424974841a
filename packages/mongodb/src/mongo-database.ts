/**
 * The part of the MongoDB Node.js driver this package uses, declared
 * structurally (as Kysely declares `PostgresPool`): a `Db` of driver 6 or 7
 * fits, and the package never imports the driver to run. Only
 * `mongoBackendFromEnv` loads it, lazily, to open a client.
 * @module
 */

/** A BSON document as this package writes and reads it. */
export type MongoDocument = Record<string, unknown>

/** Options of a `find`. */
export interface MongoFindOptions {
  projection?: MongoDocument
  sort?: Record<string, 1 | -1>
  limit?: number
  batchSize?: number
}

/** A cursor over query results. */
export interface MongoCursor {
  toArray(): Promise<MongoDocument[]>
  [Symbol.asyncIterator](): AsyncIterator<MongoDocument>
  close(): Promise<void>
}

/** An index to create: its key, name and options. */
export interface MongoIndexSpec {
  key: Record<string, 1 | -1>
  name: string
  unique?: boolean
  expireAfterSeconds?: number
}

/** One `updateOne` of a `bulkWrite`. */
export interface MongoUpdateOneModel {
  updateOne: {
    filter: MongoDocument
    update: MongoDocument
    arrayFilters?: MongoDocument[]
  }
}

/** The collection methods this package calls (a driver `Collection` fits). */
export interface MongoCollection {
  readonly collectionName: string
  findOne(
    filter: MongoDocument,
    options?: { projection?: MongoDocument },
  ): Promise<MongoDocument | null>
  find(filter: MongoDocument, options?: MongoFindOptions): MongoCursor
  aggregate(pipeline: MongoDocument[], options?: { batchSize?: number }): MongoCursor
  insertOne(document: MongoDocument): Promise<unknown>
  insertMany(documents: MongoDocument[], options: { ordered: boolean }): Promise<unknown>
  updateOne(
    filter: MongoDocument,
    update: MongoDocument,
  ): Promise<{ matchedCount: number; modifiedCount: number }>
  bulkWrite(
    operations: MongoUpdateOneModel[],
    options: { ordered: boolean },
  ): Promise<{ matchedCount: number; modifiedCount: number }>
  deleteOne(filter: MongoDocument): Promise<{ deletedCount: number }>
  deleteMany(filter: MongoDocument): Promise<{ deletedCount: number }>
  createIndexes(specs: MongoIndexSpec[]): Promise<string[]>
  listIndexes(): { toArray(): Promise<MongoDocument[]> }
}

/** A database handle (`client.db(name)` of driver 6 or 7). */
export interface MongoDatabase {
  readonly databaseName: string
  collection(name: string): MongoCollection
  command(command: MongoDocument): Promise<MongoDocument>
}
