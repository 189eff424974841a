/**
 * What is the MongoDB store's own about retention: a `find` of ids and a
 * `deleteMany` per batch, `pruneAccessLog` (its collection prefix), and
 * prunes that run at once. The access-log suite (access-log.test.ts) checks
 * what prunes delete and record.
 */
import { InvalidArgumentError } from '@secrets/core'
import { badPruneOptions, accessLogEvent as event } from '@secrets/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ensureSecretsIndexes,
  type MongoAuditSink,
  mongoAuditSink,
  pruneAccessLog,
} from '../src/index.js'
import { drivers, openDatabase, skipWithoutServer, type TestDatabase } from './_server.js'

describe.skipIf(skipWithoutServer())('access log retention commands', () => {
  let database: TestDatabase
  let sink: MongoAuditSink

  beforeAll(async () => {
    database = await openDatabase(drivers[0])
    const options = { db: database.db, collectionPrefix: database.collectionPrefix }
    await ensureSecretsIndexes(database.db, options)
    sink = mongoAuditSink(options)
  })
  afterAll(() => database?.destroy())

  it('runs a find of ids and a deleteMany per batch, then one insert', async () => {
    // Events 0 to 22 are before the cut-off, 23 to 27 are kept.
    await sink.write(Array.from({ length: 28 }, (_, i) => event(i)))
    const before = event(23).time
    database.commands.length = 0
    expect(await sink.prune({ before, batchSize: 5 })).toBe(23)
    // 5 + 5 + 5 + 5 + 3: the short batch ends the run; then the prune event.
    expect(database.commands).toEqual([...Array(5).fill(['find', 'delete']).flat(), 'insert'])
    // Nothing left to delete: one find finds nothing, and the run is recorded all the same.
    database.commands.length = 0
    const { collectionPrefix } = database
    expect(await pruneAccessLog(database.db, { collectionPrefix, before })).toBe(0)
    expect(database.commands).toEqual(['find', 'insert'])
    expect(await database.documents('access_log')).toHaveLength(5 + 2)
  })

  it('runs one more, empty, find when the last batch is full', async () => {
    const scope = { tenant: 'exact' }
    await sink.write(Array.from({ length: 6 }, (_, i) => event(i, { scope })))
    database.commands.length = 0
    expect(await sink.prune({ before: event(6).time, batchSize: 3 })).toBe(6)
    expect(database.commands).toEqual(['find', 'delete', 'find', 'delete', 'find', 'insert'])
  })

  it('shares the work when several prunes run at once', async () => {
    const scope = { tenant: 'parallel' }
    // A day before the other tests' events, so that only these are pruned.
    const earlier = (i: number) => new Date(event(i).time.getTime() - 86_400_000)
    await sink.write(Array.from({ length: 60 }, (_, i) => event(i, { scope, time: earlier(i) })))
    const counts = await Promise.all(
      Array.from({ length: 4 }, () => sink.prune({ before: earlier(60), batchSize: 7 })),
    )
    expect(counts.reduce((a, b) => a + b, 0)).toBe(60)
    expect((await sink.query({ scope })).items).toEqual([])
  })

  it('rejects bad options and a bad collection prefix before any command', async () => {
    const stored = (await database.documents('access_log')).length
    const { collectionPrefix } = database
    database.commands.length = 0
    for (const options of badPruneOptions(event(0).time)) {
      const withPrefix = { ...(options as object), collectionPrefix }
      await expect(pruneAccessLog(database.db, withPrefix as never)).rejects.toBeInstanceOf(
        InvalidArgumentError,
      )
    }
    await expect(
      pruneAccessLog(database.db, { before: event(0).time, collectionPrefix: 'bad-prefix' }),
    ).rejects.toBeInstanceOf(InvalidArgumentError)
    expect(database.commands).toEqual([])
    expect(await database.documents('access_log')).toHaveLength(stored)
  })
})
