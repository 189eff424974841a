/**
 * The MongoDB server the suites run against: mongo-java-server started by
 * scripts/services.sh (`eval "$(bash scripts/services.sh up mongodb)"`
 * exports SECRETS_TEST_MONGODB_URL). Without it the suites are skipped with
 * a message; in CI a missing URL fails the run instead. Every suite runs on
 * both driver majors the package supports, each with collections under a
 * prefix no other run uses.
 */
import type { RawStorage } from '@secrets/core/testing'
import * as driver7 from 'mongodb'
import * as driver6 from 'mongodb6'
import type { MongoDatabase } from '../src/index.js'

/** The server's URL, when configured. */
export const url = process.env.SECRETS_TEST_MONGODB_URL

let told = false

/**
 * Whether the server suites must be skipped: true (with one message) when the URL is not set.
 * @throws in CI when the URL is not set: the suites must run there
 */
export function skipWithoutServer(): boolean {
  if (url) return false
  if (process.env.CI) {
    throw new Error(
      'SECRETS_TEST_MONGODB_URL must be set in CI: the MongoDB suites cannot be skipped there',
    )
  }
  if (!told) {
    told = true
    console.log(
      '[@secrets/mongodb] suites skipped: SECRETS_TEST_MONGODB_URL is not set (eval "$(bash scripts/services.sh up mongodb)" starts mongo-java-server)',
    )
  }
  return true
}

/** A driver major, as the tests use it. */
export interface Driver {
  name: string
  MongoClient: typeof driver7.MongoClient
  BSON: typeof driver7.BSON
}

/** Both supported driver majors. */
export const drivers: Driver[] = [
  { name: 'driver 7', MongoClient: driver7.MongoClient, BSON: driver7.BSON },
  {
    name: 'driver 6',
    MongoClient: driver6.MongoClient as unknown as typeof driver7.MongoClient,
    BSON: driver6.BSON as unknown as typeof driver7.BSON,
  },
]

/** A connected client with command monitoring, its database and a fresh prefix. */
export interface TestDatabase {
  client: driver7.MongoClient
  db: MongoDatabase
  collectionPrefix: string
  /** Command names started since creation or the last `commands.length = 0`. */
  commands: string[]
  /** Every document of the prefix's two collections, as stored. */
  documents(collection: 'secrets' | 'access_log'): Promise<driver7.Document[]>
  /** Drops the prefix's collections and closes the client. */
  destroy(): Promise<void>
}

/** A prefix no other run uses. */
export function uniquePrefix(): string {
  return `t${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 10)}_`
}

/** Connects with `driver` under a fresh prefix. */
export async function openDatabase(driver: Driver = drivers[0]!): Promise<TestDatabase> {
  if (!url) throw new Error('SECRETS_TEST_MONGODB_URL is not set')
  const client = new driver.MongoClient(url, { monitorCommands: true })
  const commands: string[] = []
  client.on('commandStarted', (event) => commands.push(event.commandName))
  await client.connect()
  const raw = client.db()
  const collectionPrefix = uniquePrefix()
  commands.length = 0
  return {
    client,
    db: raw,
    collectionPrefix,
    commands,
    documents: (collection) => raw.collection(`${collectionPrefix}${collection}`).find().toArray(),
    async destroy() {
      for (const name of ['secrets', 'access_log']) {
        await raw
          .collection(`${collectionPrefix}${name}`)
          .drop()
          .catch(() => undefined)
      }
      await client.close()
    },
  }
}

/** Every leaf of a document: strings, bytes of Binary values, hex of ObjectIds, numbers and dates as text. */
export function leaves(value: unknown, out: Array<string | Uint8Array> = []): typeof out {
  if (value === null || value === undefined) return out
  if (value instanceof Uint8Array) out.push(new Uint8Array(value))
  else if (value instanceof Date) out.push(value.toISOString())
  else if (typeof value === 'object' && '_bsontype' in value) {
    const bson = value as {
      _bsontype: string
      value?: () => Uint8Array
      toHexString?: () => string
    }
    if (bson._bsontype === 'Binary') out.push(new Uint8Array(bson.value!()))
    else out.push(bson.toHexString?.() ?? String(value))
  } else if (Array.isArray(value)) for (const item of value) leaves(item, out)
  else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push(key)
      leaves(item, out)
    }
  } else out.push(String(value))
  return out
}

/**
 * What the conformance kit's `raw` returns: every stored cell of both
 * collections, and every cell but the version payloads (`versions[].p`).
 */
export async function rawStorage(database: TestDatabase): Promise<RawStorage> {
  const docs = [
    ...(await database.documents('secrets')),
    ...(await database.documents('access_log')),
  ]
  const stored = leaves(docs)
  const metadata = leaves(
    docs.map((doc) =>
      Array.isArray(doc.versions)
        ? { ...doc, versions: doc.versions.map(({ p: _payload, ...rest }) => rest) }
        : doc,
    ),
  )
  return { stored, metadata }
}
