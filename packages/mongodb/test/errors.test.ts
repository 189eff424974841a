import { inspect } from 'node:util'
import {
  BackendError,
  ConflictError,
  type PutInput,
  type SecretBackend,
  toScope,
} from '@secrets/core'
import type { Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isDuplicateKey, toBackendError } from '../src/_errors.js'
import { ensureSecretsIndexes, MongoDriverError, mongoBackend } from '../src/index.js'
import { drivers, openDatabase, skipWithoutServer, type TestDatabase } from './_server.js'

const SECRET = 'hunter2-do-not-echo'
const bytes = new TextEncoder().encode(SECRET)
const hex = Buffer.from(bytes).toString('hex')
const needles = [SECRET, hex, hex.toUpperCase(), Buffer.from(bytes).toString('base64')]

/** Everything an error shows, however it is printed or serialised. */
const shown = (error: unknown) =>
  `${inspect(error, { depth: 10, showHidden: true })} ${JSON.stringify(error)} ${String(error)} ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).stack : ''}`

const put = (payload: Uint8Array, description: string | null = SECRET): PutInput => ({
  payload: () => payload,
  description,
  createdBy: null,
  previousExpiresAt: null,
  requestId: globalThis.crypto.randomUUID(),
})

describe('driver error sanitising', () => {
  const duplicate = Object.assign(
    new Error(
      `E11000 duplicate key error collection: db.x index: s_1_n_1 dup key: { s: "${SECRET}", n: "A" }`,
    ),
    {
      name: 'MongoServerError',
      code: 11000,
      codeName: 'DuplicateKey',
      keyPattern: { s: 1, n: 1 },
      keyValue: { s: SECRET, n: 'A' },
      errorResponse: { errmsg: SECRET },
      errInfo: { details: SECRET },
    },
  )
  const bulk = Object.assign(
    new Error(`E11000 duplicate key error: dup key: { p: BinData(0, ${hex.toUpperCase()}) }`),
    {
      name: 'MongoBulkWriteError',
      code: 11000,
      writeErrors: [{ op: { versions: [{ p: bytes }] }, errmsg: SECRET }],
    },
  )

  it('keeps the name, codes and the value-free start of the message, and nothing else', () => {
    for (const [error, start] of [
      [duplicate, 'E11000 duplicate key error collection: db.x index: s_1_n_1 …'],
      [bulk, 'E11000 duplicate key error: …'],
      [new Error(`Cannot apply $push to 'versions' in {${SECRET}}`), 'Cannot apply $push to …'],
    ] as const) {
      const wrapped = toBackendError('put', error)
      expect(wrapped).toBeInstanceOf(BackendError)
      expect(wrapped.message.startsWith(`mongodb: put failed: ${start}`)).toBe(true)
      const cause = wrapped.cause as MongoDriverError
      expect(cause).toBeInstanceOf(MongoDriverError)
      expect(cause.message).toBe(start)
      for (const needle of needles) expect(shown(wrapped)).not.toContain(needle)
      expect(Object.keys(cause).sort()).toEqual(['code', 'codeName', 'name'])
    }
    expect((toBackendError('put', duplicate).cause as MongoDriverError).codeName).toBe(
      'DuplicateKey',
    )
  })

  it('passes library errors through and tells a duplicate name from another duplicate key', () => {
    const conflict = new ConflictError('taken')
    expect(toBackendError('put', conflict)).toBe(conflict)
    expect(isDuplicateKey(duplicate, 's_1_n_1')).toBe(true)
    expect(
      isDuplicateKey({ code: 11000, message: 'E11000 … index: s_1_n_1 dup key: …' }, 's_1_n_1'),
    ).toBe(true)
    expect(isDuplicateKey({ code: 11000, keyPattern: { 'versions.p': 1 } }, 's_1_n_1')).toBe(false)
    expect(isDuplicateKey({ code: 11001 }, 's_1_n_1')).toBe(false)
    expect(isDuplicateKey('boom', 's_1_n_1')).toBe(false)
  })
})

describe.skipIf(skipWithoutServer())('driver failures', () => {
  let database: TestDatabase
  let backend: SecretBackend
  const scope = toScope({ tenant: 'errors' })

  beforeAll(async () => {
    database = await openDatabase(drivers[0])
    const options = { db: database.db, collectionPrefix: database.collectionPrefix }
    await ensureSecretsIndexes(database.db, options)
    backend = mongoBackend(options)
  })
  afterAll(() => database?.destroy())

  it('strip the envelope bytes a real duplicate-key error quotes', async () => {
    // A rule the server enforces on payloads: a second version with the same bytes breaks it.
    const raw = database.client.db().collection(`${database.collectionPrefix}secrets`)
    await raw.createIndex({ 'versions.p': 1 }, { unique: true, name: 'payload_unique' })
    try {
      await backend.put(scope, 'FIRST', put(bytes))
      await backend.put(scope, 'SECOND', put(new Uint8Array([1])))
      const direct = await raw
        .updateOne({ n: 'SECOND' }, {
          $push: { versions: { v: 2, p: Buffer.from(bytes) } },
        } as Document)
        .catch((e: unknown) => e)
      // The driver's own error quotes the bytes: the check below could fail.
      expect(String((direct as Error).message)).toContain(hex.toUpperCase())
      for (const name of ['SECOND', 'THIRD']) {
        const error = await backend.put(scope, name, put(bytes)).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(BackendError)
        expect((error as Error).message).toMatch(
          /^mongodb: put failed: E11000 duplicate key error .* …\s\[11000\]$/,
        )
        for (const needle of needles) expect(shown(error)).not.toContain(needle)
      }
    } finally {
      await raw.dropIndex('payload_unique')
    }
  })

  it('surface as BackendError naming the operation, without payload or metadata', async () => {
    await backend.put(scope, 'KEPT', put(bytes))
    const closed = await openDatabase(drivers[0])
    await closed.client.close()
    const broken = mongoBackend({ db: closed.db, collectionPrefix: database.collectionPrefix })
    const update = {
      scopeKey: scope.key,
      name: 'KEPT',
      version: 1,
      previous: bytes,
      payload: bytes,
    }
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ['put', () => broken.put(scope, 'NEW', put(bytes))],
      ['getMany', () => broken.getMany(scope, [{ name: 'KEPT' }])],
      ['get', () => broken.get(scope, 'KEPT')],
      ['list', () => broken.list(scope, { limit: 10 })],
      ['versions', () => broken.versions(scope, 'KEPT')],
      ['delete', () => broken.delete(scope, 'KEPT')],
      ['scan', () => broken.scan!({ limit: 10 })],
      ['replacePayloads', () => broken.replacePayloads!([update])],
    ]
    for (const [operation, run] of attempts) {
      const error = await run().then(
        () => expect.unreachable(`${operation} should fail`),
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(BackendError)
      expect((error as Error).message).toContain(`mongodb: ${operation} failed`)
      expect((error as Error).cause).toBeInstanceOf(MongoDriverError)
      expect((error as Error).cause).toMatchObject({ name: 'MongoNotConnectedError' })
      for (const needle of needles) expect(shown(error)).not.toContain(needle)
    }
  })
})
