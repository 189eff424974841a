import { InvalidArgumentError, scopeHash, toScope } from '@secrets/core'
import { accessLogEvent as event, runAccessLogConformance } from '@secrets/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ensureSecretsIndexes,
  type MongoAuditSink,
  mongoAuditSink,
  mongoBackend,
  queryAccessLog,
} from '../src/index.js'
import { drivers, openDatabase, skipWithoutServer, type TestDatabase } from './_server.js'

describe.skipIf(skipWithoutServer()).each(drivers)('access log ($name)', (driver) => {
  let database: TestDatabase
  runAccessLogConformance({
    name: `mongodb (${driver.name})`,
    open: async () => {
      database = await openDatabase(driver)
      const options = { db: database.db, collectionPrefix: database.collectionPrefix }
      await ensureSecretsIndexes(database.db, options)
      return {
        sink: mongoAuditSink(options),
        query: (query) =>
          queryAccessLog(database.db, { ...query, collectionPrefix: options.collectionPrefix }),
        backend: mongoBackend(options),
        cleanup: () => database.destroy(),
      }
    },
    statementCount: () => database.commands.length,
    // Ids are ObjectIds in lower-case hex.
    foreignIds: ['0123', '0123456789ABCDEF01234567', '1', '0123456789abcdef0123456g'],
  })
})

describe.skipIf(skipWithoutServer()).each(drivers)('access log documents ($name)', (driver) => {
  let database: TestDatabase
  let sink: MongoAuditSink

  beforeAll(async () => {
    database = await openDatabase(driver)
    const options = { db: database.db, collectionPrefix: database.collectionPrefix }
    await ensureSecretsIndexes(database.db, options)
    sink = mongoAuditSink(options)
  })
  afterAll(() => database?.destroy())

  it('writes a batch as one insertMany of short-keyed documents, read with one find', async () => {
    const scope = { tenant: 'fields', user: 'ann' }
    const batch = [
      event(0, { usedAt: ['plugins.slack.token', 'env.SLACK'], scope }),
      event(1, { outcome: 'not_found', errorCode: 'SECRET_NOT_FOUND', scope }),
    ]
    database.commands.length = 0
    await sink.write(batch)
    expect(database.commands).toEqual(['insert'])
    database.commands.length = 0
    const page = await sink.query({ scope })
    expect(database.commands).toEqual(['find'])
    expect(page.items).toHaveLength(2)
    expect(page.items.every((item) => /^[0-9a-f]{24}$/.test(item.id))).toBe(true)
    const [stored] = await database.documents('access_log')
    expect(Object.keys(stored!).sort()).toEqual(
      ['_id', 'a', 'acc', 'n', 'o', 'rsn', 's', 'scope', 't', 'u', 'v'].sort(),
    )
    expect(stored).toMatchObject({ s: scopeHash(toScope(scope).key), scope, t: batch[0]!.time })
  })

  it('continues a cursor through another client, which learns the ObjectId class first', async () => {
    await sink.write(Array.from({ length: 25 }, (_, i) => event(i)))
    const first = await sink.query({ scope: { tenant: 'log' }, limit: 5 })
    const other = await openDatabase(driver)
    try {
      const next = await queryAccessLog(other.db, {
        collectionPrefix: database.collectionPrefix,
        scope: { tenant: 'log' },
        limit: 5,
        cursor: first.cursor!,
      })
      expect(next.items.map((item) => item.reason)).toEqual(
        [19, 18, 17, 16, 15].map((i) => `reason ${i}`),
      )
      expect(other.commands).toEqual(['find', 'find'])
    } finally {
      await other.destroy().catch(() => undefined)
    }
  })

  it('keeps a NUL in a scope value (only stored text becomes U+FFFD)', async () => {
    const scope = { tenant: 'odd', zone: 'nul\0zone' }
    await sink.write([event(0, { scope, name: 'N'.repeat(300), accessor: 'a\0b' })])
    const [item] = (await sink.query({ scope })).items
    expect(item!.scope).toEqual({ tenant: 'odd', zone: 'nul\0zone' })
    expect(item!.name).toBe('N'.repeat(255))
    expect(item!.accessor).toBe('a\uFFFDb')
  })

  it('rejects a bad collection prefix before any command', async () => {
    database.commands.length = 0
    await expect(
      queryAccessLog(database.db, { scope: { tenant: 'log' }, collectionPrefix: 'bad-prefix' }),
    ).rejects.toBeInstanceOf(InvalidArgumentError)
    expect(database.commands).toEqual([])
  })
})
