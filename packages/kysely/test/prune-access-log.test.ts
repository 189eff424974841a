/**
 * What is the SQL store's own about retention: one DELETE per batch and one
 * INSERT for the prune event, `pruneAccessLog` (its table prefix), and a
 * DELETE that fails part way. The access-log suite (access-log.test.ts)
 * checks what prunes delete and record.
 */
import { InvalidArgumentError } from '@secrets/core'
import { badPruneOptions, accessLogEvent as event } from '@secrets/core/testing'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type KyselyAuditSink, kyselyAuditSink, pruneAccessLog } from '../src/index.js'
import { describeEachDialect, openDatabase, type TestDatabase } from './_databases.js'

async function rowCount(database: TestDatabase): Promise<number> {
  const table = sql.table(`${database.tablePrefix}access_log`)
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${table}`.execute(
    database.db,
  )
  return Number(rows[0]?.n)
}

describeEachDialect('access log retention statements', (target) => {
  let database: TestDatabase
  let sink: KyselyAuditSink
  /** The first word of each statement run since the last reset, lower case. */
  const verbs = () => database.statements.map((q) => q.sql.split(' ', 1)[0]?.toLowerCase())

  beforeAll(async () => {
    database = await openDatabase(target)
    sink = kyselyAuditSink({ db: database.db, tablePrefix: database.tablePrefix })
  })
  afterAll(() => database?.destroy())

  it('runs one DELETE per batch, the short one last, then one INSERT', async () => {
    // Events 0 to 22 are before the cut-off, 23 to 27 are kept.
    await sink.write(Array.from({ length: 28 }, (_, i) => event(i)))
    const before = event(23).time
    database.statements.length = 0
    expect(await sink.prune({ before, batchSize: 5 })).toBe(23)
    // 5 + 5 + 5 + 5 + 3: the short batch ends the run; then one INSERT, the prune event.
    expect(verbs()).toEqual([...Array(5).fill('delete'), 'insert'])
    // Nothing left to delete: one DELETE finds nothing, and the run is recorded all the same.
    database.statements.length = 0
    expect(await pruneAccessLog(database.db, { tablePrefix: database.tablePrefix, before })).toBe(0)
    expect(verbs()).toEqual(['delete', 'insert'])
    expect(await rowCount(database)).toBe(5 + 2)
  })

  it('runs one more, empty, DELETE when the last batch is full', async () => {
    const scope = { tenant: 'exact' }
    await sink.write(Array.from({ length: 6 }, (_, i) => event(i, { scope })))
    database.statements.length = 0
    // Only these six are older than this cut-off.
    expect(await sink.prune({ before: event(6).time, batchSize: 3 })).toBe(6)
    expect(verbs()).toEqual(['delete', 'delete', 'delete', 'insert'])
  })

  it('rejects bad options and a bad table prefix before any statement', async () => {
    const rows = await rowCount(database)
    const before = event(0).time
    database.statements.length = 0
    for (const options of badPruneOptions(before)) {
      await expect(
        pruneAccessLog(database.db, {
          ...(options as object),
          tablePrefix: database.tablePrefix,
        } as never),
      ).rejects.toBeInstanceOf(InvalidArgumentError)
    }
    await expect(
      pruneAccessLog(database.db, { before, tablePrefix: 'bad-prefix' }),
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
        event(i, { scope, ...(i === 7 ? { accessor: 'locked' } : {}) }),
      ),
    )
    const table = sql.table(`${database.tablePrefix}access_log`)
    await sql`create trigger ${sql.id(`${database.tablePrefix}no_delete`)} before delete on ${table}
      when old.accessor = 'locked' begin select raise(abort, 'locked row'); end`.execute(
      database.db,
    )
    await expect(sink.prune({ before: event(10).time, batchSize: 3 })).rejects.toMatchObject({
      code: 'BACKEND_ERROR',
      message: expect.stringContaining('pruneAccessLog failed'),
    })
    expect((await sink.query({ scope })).items.map((i) => i.accessor)).toEqual([
      'user:9',
      'user:8',
      'locked',
      'user:6',
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
