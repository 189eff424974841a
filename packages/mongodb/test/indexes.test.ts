import { BackendError, InvalidArgumentError } from '@secrets/core'
import type { CommandStartedEvent, Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureSecretsIndexes } from '../src/index.js'
import {
  drivers,
  openDatabase,
  skipWithoutServer,
  type TestDatabase,
  uniquePrefix,
} from './_server.js'

/** The indexes a prefix should have, as `name: key (unique, ttl)`. */
const EXPECTED = {
  secrets: ['_id_: {"_id":1}', 's_1_n_1: {"s":1,"n":1} unique'],
  access_log: [
    '_id_: {"_id":1}',
    's_1__id_-1: {"s":1,"_id":-1}',
    's_1_n_1__id_-1: {"s":1,"n":1,"_id":-1}',
    't_1: {"t":1}',
  ],
}

describe.skipIf(skipWithoutServer()).each(drivers)('ensureSecretsIndexes ($name)', (driver) => {
  let database: TestDatabase
  const started: CommandStartedEvent[] = []

  beforeAll(async () => {
    database = await openDatabase(driver)
    database.client.on('commandStarted', (event) => started.push(event))
  })
  afterAll(() => database?.destroy())

  const indexes = async (prefix: string, collection: 'secrets' | 'access_log') => {
    const found = await database.client
      .db()
      .collection(`${prefix}${collection}`)
      .listIndexes()
      .toArray()
    return found
      .map((index: Document) => {
        const extra = [
          index.unique ? ' unique' : '',
          index.expireAfterSeconds === undefined ? '' : ` ttl ${index.expireAfterSeconds}`,
        ]
        return `${index.name}: ${JSON.stringify(index.key)}${extra.join('')}`
      })
      .sort()
  }
  const drop = async (prefix: string) => {
    for (const name of ['secrets', 'access_log']) {
      await database.client
        .db()
        .collection(`${prefix}${name}`)
        .drop()
        .catch(() => undefined)
    }
  }

  it('creates the indexes once; a second call only lists them', async () => {
    const collectionPrefix = uniquePrefix()
    try {
      await ensureSecretsIndexes(database.db, { collectionPrefix })
      expect(await indexes(collectionPrefix, 'secrets')).toEqual(EXPECTED.secrets)
      expect(await indexes(collectionPrefix, 'access_log')).toEqual(EXPECTED.access_log)
      database.commands.length = 0
      await ensureSecretsIndexes(database.db, { collectionPrefix })
      expect(database.commands).toEqual(['listIndexes', 'listIndexes'])
      // The unique index is what makes a create a compare-and-set.
      const secrets = database.client.db().collection(`${collectionPrefix}secrets`)
      await secrets.insertOne({ s: 'h', n: 'X' })
      await expect(secrets.insertOne({ s: 'h', n: 'X' })).rejects.toMatchObject({ code: 11000 })
    } finally {
      await drop(collectionPrefix)
    }
  })

  it('succeeds from 8 concurrent callers on fresh collections, without duplicate indexes', async () => {
    for (let round = 0; round < 5; round++) {
      const collectionPrefix = uniquePrefix()
      try {
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, () => ensureSecretsIndexes(database.db, { collectionPrefix })),
        )
        expect(
          results.filter((r) => r.status === 'rejected'),
          `round ${round}`,
        ).toEqual([])
        expect(await indexes(collectionPrefix, 'secrets')).toEqual(EXPECTED.secrets)
        expect(await indexes(collectionPrefix, 'access_log')).toEqual(EXPECTED.access_log)
      } finally {
        await drop(collectionPrefix)
      }
    }
  })

  it('makes the time index a TTL index, keeps it, and changes it with collMod', async () => {
    const collectionPrefix = uniquePrefix()
    try {
      await ensureSecretsIndexes(database.db, { collectionPrefix, accessLogTtlSeconds: 3600 })
      const ttl = (seconds: number) =>
        EXPECTED.access_log.map((i) => (i.startsWith('t_1') ? `${i} ttl ${seconds}` : i))
      expect(await indexes(collectionPrefix, 'access_log')).toEqual(ttl(3600))
      // The same TTL, or none asked for: nothing changes.
      database.commands.length = 0
      await ensureSecretsIndexes(database.db, { collectionPrefix, accessLogTtlSeconds: 3600 })
      await ensureSecretsIndexes(database.db, { collectionPrefix })
      expect(database.commands).toEqual(Array(4).fill('listIndexes'))
      expect(await indexes(collectionPrefix, 'access_log')).toEqual(ttl(3600))
      started.length = 0
      const changed = await ensureSecretsIndexes(database.db, {
        collectionPrefix,
        accessLogTtlSeconds: 60,
      }).catch((e: unknown) => e)
      const collMod = started.find((e) => e.commandName === 'collMod')
      expect(collMod?.command).toMatchObject({
        collMod: `${collectionPrefix}access_log`,
        index: { name: 't_1', expireAfterSeconds: 60 },
      })
      if (changed === undefined) {
        expect(await indexes(collectionPrefix, 'access_log')).toEqual(ttl(60))
      } else {
        // mongo-java-server has no collMod: the change fails as BackendError [59 CommandNotFound].
        expect(changed).toBeInstanceOf(BackendError)
        expect((changed as Error).message).toMatch(/ensureSecretsIndexes failed: .*\[59\]$/)
      }
    } finally {
      await drop(collectionPrefix)
    }
  })

  it('refuses an index of the same name with other options', async () => {
    const collectionPrefix = uniquePrefix()
    try {
      await database.client
        .db()
        .collection(`${collectionPrefix}secrets`)
        .createIndex({ s: 1, n: 1 }, { name: 's_1_n_1' })
      const error = await ensureSecretsIndexes(database.db, { collectionPrefix }).catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(BackendError)
      expect((error as Error).message).toMatch(
        /index "s_1_n_1" on \w+secrets exists with other options/,
      )
    } finally {
      await drop(collectionPrefix)
    }
  })

  it('rejects bad options before any command', async () => {
    database.commands.length = 0
    for (const accessLogTtlSeconds of [0, -1, 1.5, 2 ** 31, '60']) {
      await expect(
        ensureSecretsIndexes(database.db, { accessLogTtlSeconds: accessLogTtlSeconds as number }),
      ).rejects.toBeInstanceOf(InvalidArgumentError)
    }
    for (const collectionPrefix of ['', '1x', 'a-b', 'x'.repeat(65), 'a.b']) {
      await expect(ensureSecretsIndexes(database.db, { collectionPrefix })).rejects.toBeInstanceOf(
        InvalidArgumentError,
      )
    }
    expect(database.commands).toEqual([])
  })
})
