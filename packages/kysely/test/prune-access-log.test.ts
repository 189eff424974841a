import { type AuditEvent, InvalidArgumentError } from '@secrets/core'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type KyselyAuditSink, kyselyAuditSink, pruneAccessLog } from '../src/index.js'
import { describeEachDialect, openDatabase, type TestDatabase } from './_databases.js'

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

async function rowCount(database: TestDatabase): Promise<number> {
  const table = sql.table(`${database.tablePrefix}access_log`)
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${table}`.execute(
    database.db,
  )
  return Number(rows[0]?.n)
}

describeEachDialect('access log retention', (target) => {
  let database: TestDatabase
  let sink: KyselyAuditSink

  beforeAll(async () => {
    database = await openDatabase(target)
    sink = kyselyAuditSink({ db: database.db, tablePrefix: database.tablePrefix })
  })
  afterAll(() => database?.destroy())

  it('deletes events before the cut-off in bounded batches and records one prune event', async () => {
    await sink.write(log())
    database.statements.length = 0
    const before = new Date(CUTOFF)
    expect(
      await sink.prune({ before, batchSize: 5, accessor: 'job:retention', reason: 'daily' }),
    ).toBe(23)
    // 5 + 5 + 5 + 5 + 3: the short batch ends the run; then one INSERT, the prune event.
    const deletes = database.statements.filter((q) => /^delete from/i.test(q.sql))
    expect(deletes).toHaveLength(5)
    expect(database.statements.map((q) => q.sql.split(' ', 1)[0]?.toLowerCase())).toEqual([
      ...Array(5).fill('delete'),
      'insert',
    ])
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
    expect(pruned?.time.getTime()).toBeGreaterThan(CUTOFF)

    // Nothing left to delete: one DELETE finds nothing, and the run is recorded all the same.
    database.statements.length = 0
    expect(await pruneAccessLog(database.db, { tablePrefix: database.tablePrefix, before })).toBe(0)
    expect(database.statements.filter((q) => /^delete from/i.test(q.sql))).toHaveLength(1)
    const runs = (await sink.query({ scope: {} })).items.filter((i) => i.action === 'prune')
    expect(runs.map((i) => [i.count, i.accessor])).toEqual([
      [0, null],
      [23, 'job:retention'],
    ])
    expect(await rowCount(database)).toBe(5 + 2)
  })

  it('runs one more, empty, DELETE when the last batch is full', async () => {
    const scope = { tenant: 'exact' }
    await sink.write(Array.from({ length: 6 }, (_, i) => event(-100 - i, { scope })))
    database.statements.length = 0
    // Only these six are older than this cut-off.
    const before = new Date(CUTOFF - 99_000)
    expect(await sink.prune({ before, batchSize: 3 })).toBe(6)
    expect(database.statements.filter((q) => /^delete from/i.test(q.sql))).toHaveLength(3)
    expect((await sink.query({ scope })).items).toEqual([])
  })

  it('rejects bad options before any statement, leaving the log as it was', async () => {
    const rows = await rowCount(database)
    database.statements.length = 0
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
          tablePrefix: database.tablePrefix,
        } as never),
      ).rejects.toBeInstanceOf(InvalidArgumentError)
    }
    await expect(
      pruneAccessLog(database.db, { before: new Date(CUTOFF), tablePrefix: 'bad-prefix' }),
    ).rejects.toBeInstanceOf(InvalidArgumentError)
    expect(database.statements).toHaveLength(0)
    expect(await rowCount(database)).toBe(rows)
  })
})

describe('access log retention when a DELETE fails (sqlite)', () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await openDatabase({ dialect: 'sqlite', url: ':memory:' })
  })
  afterAll(() => database?.destroy())

  it('keeps the batches already deleted, records them as an error, and throws BackendError', async () => {
    const sink = kyselyAuditSink({ db: database.db, tablePrefix: database.tablePrefix })
    const scope = { tenant: 'blocked' }
    // The 8th oldest of 10 old events cannot be deleted: the third batch (7th to 9th) fails whole.
    await sink.write(
      Array.from({ length: 10 }, (_, i) =>
        event(-10 + i, { scope, ...(i === 7 ? { accessor: 'locked' } : {}) }),
      ),
    )
    const table = sql.table(`${database.tablePrefix}access_log`)
    await sql`create trigger ${sql.id(`${database.tablePrefix}no_delete`)} before delete on ${table}
      when old.accessor = 'locked' begin select raise(abort, 'locked row'); end`.execute(
      database.db,
    )
    await expect(sink.prune({ before: new Date(CUTOFF), batchSize: 3 })).rejects.toMatchObject({
      code: 'BACKEND_ERROR',
      message: expect.stringContaining('pruneAccessLog failed'),
    })
    expect((await sink.query({ scope })).items.map((i) => i.accessor)).toEqual([
      'user:-1',
      'user:-2',
      'locked',
      'user:-4',
    ])
    const [pruned] = (await sink.query({ scope: {}, limit: 1 })).items
    expect(pruned).toMatchObject({
      action: 'prune',
      outcome: 'error',
      errorCode: 'BACKEND_ERROR',
      count: 6,
    })
  })
})
