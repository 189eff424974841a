import { accessLogEvent as event, runAccessLogConformance } from '@secrets/core/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  type KyselyAuditSink,
  kyselyAuditSink,
  kyselyBackend,
  queryAccessLog,
} from '../src/index.js'
import { describeEachDialect, openDatabase, type TestDatabase } from './_databases.js'

describeEachDialect('access log', (target) => {
  let database: TestDatabase
  runAccessLogConformance({
    name: `kysely:${target.dialect}`,
    open: async () => {
      database = await openDatabase(target)
      const { db, tablePrefix } = database
      return {
        sink: kyselyAuditSink({ db, tablePrefix }),
        query: (query) => queryAccessLog(db, { ...query, tablePrefix }),
        backend: kyselyBackend({ db, tablePrefix }),
        cleanup: () => database.destroy(),
      }
    },
    statementCount: () => database.statementCount(),
    // Row ids are decimal, without leading zeros, at most 15 digits.
    foreignIds: ['0', '01', '-1', '1.5', 'abc', '1'.repeat(16), '0123456789abcdef01234567'],
  })
})

describeEachDialect('access log statements', (target) => {
  let database: TestDatabase
  let sink: KyselyAuditSink

  beforeAll(async () => {
    database = await openDatabase(target)
    sink = kyselyAuditSink({ db: database.db, tablePrefix: database.tablePrefix })
  })
  afterAll(() => database?.destroy())

  it('writes a batch as one multi-row INSERT, reads a page with one SELECT, ids decimal', async () => {
    const scope = { tenant: 'fields', user: 'ann' }
    database.statements.length = 0
    await sink.write([0, 1, 2].map((i) => event(i, { scope })))
    expect(database.statements).toHaveLength(1)
    expect(database.statements[0]!.sql.toLowerCase()).toMatch(/^insert into/)
    database.statements.length = 0
    const page = await sink.query({ scope, limit: 2 })
    expect(database.statements.map((q) => q.sql.split(' ', 1)[0]?.toLowerCase())).toEqual([
      'select',
    ])
    expect(page.items).toHaveLength(2)
    expect(page.items.every((i) => /^[0-9]+$/.test(i.id))).toBe(true)
  })

  it('splits a batch past the parameter limit into INSERTs in one transaction', async () => {
    const count = target.dialect === 'sqlite' ? 2600 : 5100
    database.statements.length = 0
    await sink.write(
      Array.from({ length: count }, (_, i) => event(i, { scope: { tenant: 'big' } })),
    )
    expect(database.statements.filter((q) => /^insert into/i.test(q.sql))).toHaveLength(2)
    let total = 0
    let cursor: string | undefined
    do {
      const page = await sink.query({
        scope: { tenant: 'big' },
        limit: 1000,
        ...(cursor ? { cursor } : {}),
      })
      total += page.items.length
      cursor = page.cursor ?? undefined
    } while (cursor)
    expect(total).toBe(count)
  })
})
