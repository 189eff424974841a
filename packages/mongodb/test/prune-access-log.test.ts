import { type AuditEvent, InvalidArgumentError } from '@secrets/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ensureSecretsIndexes,
  type MongoAuditSink,
  mongoAuditSink,
  pruneAccessLog,
} from '../src/index.js'
import { drivers, openDatabase, skipWithoutServer, type TestDatabase } from './_server.js'

const CUTOFF = Date.UTC(2025, 5, 1)

/** An event `offset` seconds from the cut-off (negative: older, to be pruned). */
const event = (offset: number, overrides: Partial<AuditEvent> = {}): AuditEvent => ({
  time: new Date(CUTOFF + offset * 1000),
  action: 'read',
  outcome: 'success',
  scope: { tenant: 'retention' },
  name: `NAME_${offset < 0 ? 'OLD' : 'NEW'}`,
  version: 1,
  accessor: `user:${offset}`,
  reason: null,
  ...overrides,
})

/** 23 events before the cut-off and 5 from it on (one exactly at it), interleaved: ids do not follow times. */
const log = (): AuditEvent[] =>
  Array.from({ length: 28 }, (_, i) => (i % 5 === 4 ? event((i - 4) / 5) : event(-1 - i)))

describe.skipIf(skipWithoutServer())('access log retention', () => {
  let database: TestDatabase
  let sink: MongoAuditSink

  beforeAll(async () => {
    database = await openDatabase(drivers[0])
    const options = { db: database.db, collectionPrefix: database.collectionPrefix }
    await ensureSecretsIndexes(database.db, options)
    sink = mongoAuditSink(options)
  })
  afterAll(() => database?.destroy())

  it('deletes events before the cut-off in bounded batches and records one prune event', async () => {
    await sink.write(log())
    database.commands.length = 0
    const before = new Date(CUTOFF)
    expect(
      await sink.prune({ before, batchSize: 5, accessor: 'job:retention', reason: 'daily' }),
    ).toBe(23)
    // 5 + 5 + 5 + 5 + 3: a find of ids and a deleteMany each; the short batch ends the run; then the prune event.
    expect(database.commands).toEqual([...Array(5).fill(['find', 'delete']).flat(), 'insert'])
    const kept = await sink.query({ scope: { tenant: 'retention' } })
    expect(kept.items.map((i) => i.time.getTime() - CUTOFF).sort((a, b) => a - b)).toEqual([
      0, 1000, 2000, 3000, 4000,
    ])
    const [pruned] = (await sink.query({ scope: {}, limit: 1 })).items
    expect(pruned).toMatchObject({
      action: 'prune',
      outcome: 'success',
      scope: {},
      name: null,
      version: null,
      accessor: 'job:retention',
      reason: 'daily',
      count: 23,
    })
    // Nothing left to delete: one find finds nothing, and the run is recorded all the same.
    database.commands.length = 0
    expect(
      await pruneAccessLog(database.db, { collectionPrefix: database.collectionPrefix, before }),
    ).toBe(0)
    expect(database.commands).toEqual(['find', 'insert'])
    const runs = (await sink.query({ scope: {} })).items.filter((i) => i.action === 'prune')
    expect(runs.map((i) => [i.count, i.accessor])).toEqual([
      [0, null],
      [23, 'job:retention'],
    ])
    expect(await database.documents('access_log')).toHaveLength(5 + 2)
  })

  it('runs one more, empty, find when the last batch is full', async () => {
    const scope = { tenant: 'exact' }
    await sink.write(Array.from({ length: 6 }, (_, i) => event(-100 - i, { scope })))
    database.commands.length = 0
    expect(await sink.prune({ before: new Date(CUTOFF - 99_000), batchSize: 3 })).toBe(6)
    expect(database.commands).toEqual(['find', 'delete', 'find', 'delete', 'find', 'insert'])
    expect((await sink.query({ scope })).items).toEqual([])
  })

  it('shares the work when several prunes run at once', async () => {
    const scope = { tenant: 'parallel' }
    await sink.write(Array.from({ length: 60 }, (_, i) => event(-200 - i, { scope })))
    const counts = await Promise.all(
      Array.from({ length: 4 }, () =>
        sink.prune({ before: new Date(CUTOFF - 199_000), batchSize: 7 }),
      ),
    )
    expect(counts.reduce((a, b) => a + b, 0)).toBe(60)
    expect((await sink.query({ scope })).items).toEqual([])
  })

  it('rejects bad options before any command, leaving the log as it was', async () => {
    const stored = (await database.documents('access_log')).length
    database.commands.length = 0
    const bad: unknown[] = [
      undefined,
      {},
      { before: new Date(Number.NaN) },
      { before: CUTOFF },
      { before: '2025-06-01' },
      { before: new Date(CUTOFF), batchSize: 0 },
      { before: new Date(CUTOFF), batchSize: 10_001 },
      { before: new Date(CUTOFF), batchSize: 1.5 },
      { before: new Date(CUTOFF), accessor: 42 },
      { before: new Date(CUTOFF), reason: {} },
    ]
    for (const options of bad) {
      await expect(sink.prune(options as never)).rejects.toBeInstanceOf(InvalidArgumentError)
      await expect(
        pruneAccessLog(database.db, {
          ...(options as object),
          collectionPrefix: database.collectionPrefix,
        } as never),
      ).rejects.toBeInstanceOf(InvalidArgumentError)
    }
    await expect(
      pruneAccessLog(database.db, { before: new Date(CUTOFF), collectionPrefix: 'bad-prefix' }),
    ).rejects.toBeInstanceOf(InvalidArgumentError)
    expect(database.commands).toEqual([])
    expect(await database.documents('access_log')).toHaveLength(stored)
  })
})
