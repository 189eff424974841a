import {
  type AccessLogQuery,
  type AuditEvent,
  createSecrets,
  generateMasterKey,
  InvalidArgumentError,
  InvalidScopeError,
  Keyring,
} from '@secrets/core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  type KyselyAuditSink,
  kyselyAuditSink,
  kyselyBackend,
  queryAccessLog,
} from '../src/index.js'
import { describeEachDialect, openDatabase, type TestDatabase } from './_databases.js'

const event = (i: number, overrides: Partial<AuditEvent> = {}): AuditEvent => ({
  time: new Date(Date.UTC(2025, 0, 1, 0, 0, i)),
  action: 'read',
  outcome: 'success',
  scope: { tenant: 'log' },
  name: `NAME_${i % 3}`,
  version: i + 1,
  accessor: `user:${i}`,
  reason: `reason ${i}`,
  ...overrides,
})

describeEachDialect('access log', (target) => {
  let database: TestDatabase
  let sink: KyselyAuditSink

  beforeAll(async () => {
    database = await openDatabase(target)
    sink = kyselyAuditSink({ db: database.db, tablePrefix: database.tablePrefix })
  })
  afterAll(() => database?.destroy())

  it('writes a batch as one multi-row INSERT and reads every field back', async () => {
    const batch = [
      event(0, {
        usedAt: ['plugins.slack.token', 'env.SLACK'],
        scope: { tenant: 'fields', user: 'ann' },
      }),
      event(1, {
        outcome: 'not_found',
        errorCode: 'SECRET_NOT_FOUND',
        scope: { tenant: 'fields', user: 'ann' },
      }),
      event(2, {
        action: 'list',
        name: null,
        version: null,
        count: 42,
        scope: { tenant: 'fields', user: 'ann' },
      }),
    ]
    database.statements.length = 0
    await sink.write(batch)
    expect(database.statements).toHaveLength(1)
    expect(database.statements[0]!.sql.toLowerCase()).toMatch(/^insert into/)
    const page = await sink.query({ scope: { user: 'ann', tenant: 'fields' } })
    expect(page.cursor).toBeNull()
    expect(page.items.map(({ id: _id, ...rest }) => rest)).toEqual([...batch].reverse())
    expect(page.items.every((i) => /^[0-9]+$/.test(i.id))).toBe(true)
  })

  it('pages one scope newest first without gaps or repeats, optionally by name', async () => {
    await sink.write(Array.from({ length: 25 }, (_, i) => event(i)))
    await sink.write([
      event(99, { scope: { tenant: 'log', user: 'other' } }),
      event(98, { scope: { tenant: 'elsewhere' } }),
    ])
    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await queryAccessLog(database.db, {
        tablePrefix: database.tablePrefix,
        scope: { tenant: 'log' },
        limit: 10,
        ...(cursor === undefined ? {} : { cursor }),
      })
      expect(page.items.length).toBeLessThanOrEqual(10)
      seen.push(...page.items.map((i) => i.reason ?? ''))
      cursor = page.cursor ?? undefined
      pages++
    } while (cursor !== undefined && pages < 10)
    expect(pages).toBe(3)
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `reason ${24 - i}`))

    const byName: string[] = []
    cursor = undefined
    do {
      const page = await sink.query({
        scope: { tenant: 'log' },
        name: 'NAME_1',
        limit: 3,
        ...(cursor === undefined ? {} : { cursor }),
      })
      byName.push(...page.items.map((i) => `${i.name}:${i.version}`))
      cursor = page.cursor ?? undefined
    } while (cursor !== undefined)
    expect(byName).toEqual([
      'NAME_1:23',
      'NAME_1:20',
      'NAME_1:17',
      'NAME_1:14',
      'NAME_1:11',
      'NAME_1:8',
      'NAME_1:5',
      'NAME_1:2',
    ])
    expect((await sink.query({ scope: { tenant: 'nobody' } })).items).toEqual([])
  })

  it('records what the store audits, one INSERT per batched read', async () => {
    const secrets = createSecrets({
      backend: kyselyBackend({ db: database.db, tablePrefix: database.tablePrefix }),
      keyring: Keyring.fromKeys({ keys: { a: generateMasterKey() } }),
      audit: sink,
    })
    const s = secrets.scope({ tenant: 'store' })
    const names = Array.from({ length: 50 }, (_, i) => `KEY_${i}`)
    for (const name of names) await s.set(name, `value-${name}`, { accessor: 'admin' })
    database.statements.length = 0
    await s.getMany(names, { accessor: 'job:report', reason: 'monthly' })
    const inserts = database.statements.filter((q) => /^insert into/i.test(q.sql))
    expect(inserts).toHaveLength(1)
    const page = await sink.query({ scope: { tenant: 'store' }, limit: 50 })
    expect(page.items).toHaveLength(50)
    expect(
      page.items.every(
        (i) => i.action === 'read' && i.accessor === 'job:report' && i.reason === 'monthly',
      ),
    ).toBe(true)
    expect(new Set(page.items.map((i) => i.name))).toEqual(new Set(names))
    const writes = await sink.query({ scope: { tenant: 'store' }, name: 'KEY_7' })
    expect(writes.items.map((i) => i.action)).toEqual(['read', 'write'])
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

  it('stores NUL as U+FFFD and cuts an over-long (invalid) name', async () => {
    await sink.write([
      event(0, { scope: { tenant: 'odd' }, name: `${'N'.repeat(300)}`, accessor: 'a\0b' }),
    ])
    const [item] = (await sink.query({ scope: { tenant: 'odd' } })).items
    expect(item!.name).toBe('N'.repeat(255))
    expect(item!.accessor).toBe('a\uFFFDb')
  })

  it('filters by outcome, pages the filtered events and binds the cursor to the filter', async () => {
    const scope = { tenant: 'outcomes' }
    const ways = ['success', 'not_found', 'error', 'conflict', 'decryption_failed'] as const
    await sink.write(
      Array.from({ length: 30 }, (_, i) => event(i, { scope, outcome: ways[i % 5] })),
    )
    const pageAll = async (query: Omit<AccessLogQuery, 'scope' | 'cursor'>, limit: number) => {
      const seen: string[] = []
      let cursor: string | undefined
      let pages = 0
      do {
        const page = await queryAccessLog(database.db, {
          tablePrefix: database.tablePrefix,
          scope,
          ...query,
          limit,
          ...(cursor === undefined ? {} : { cursor }),
        })
        expect(page.items.length).toBeLessThanOrEqual(limit)
        seen.push(...page.items.map((i) => `${i.outcome}:${i.reason}`))
        cursor = page.cursor ?? undefined
      } while (cursor !== undefined && ++pages < 20)
      return seen
    }
    const newestFirst = (keep: (i: number) => boolean) =>
      Array.from({ length: 30 }, (_, i) => 29 - i)
        .filter(keep)
        .map((i) => `${ways[i % 5]}:reason ${i}`)
    expect(await pageAll({ outcome: 'not_found' }, 2)).toEqual(newestFirst((i) => i % 5 === 1))
    expect(await pageAll({ outcome: ['error', 'not_found', 'error'] }, 4)).toEqual(
      newestFirst((i) => i % 5 === 1 || i % 5 === 2),
    )
    expect(await pageAll({ name: 'NAME_0', outcome: ['error'] }, 1)).toEqual(
      newestFirst((i) => i % 3 === 0 && i % 5 === 2),
    )
    const first = await sink.query({ scope, outcome: ['not_found', 'error'], limit: 3 })
    const cursor = first.cursor as string
    const next = await sink.query({ scope, outcome: ['error', 'not_found'], limit: 3, cursor })
    expect(next.items.map((i) => i.reason)).toEqual([21, 17, 16].map((i) => `reason ${i}`))
    database.statements.length = 0
    for (const outcome of [undefined, 'error', ['error', 'not_found', 'conflict']] as const) {
      await expect(sink.query({ scope, outcome, cursor })).rejects.toThrow(/another "outcome"/)
    }
    for (const outcome of ['nope', [], ['error', 'ERROR']]) {
      await expect(
        sink.query({ scope, outcome: outcome as AccessLogQuery['outcome'] }),
      ).rejects.toBeInstanceOf(InvalidArgumentError)
    }
    expect(database.statements).toHaveLength(0)
  })

  it('rejects a bad query before any statement', async () => {
    const scope = { tenant: 'log' }
    await sink.write(Array.from({ length: 3 }, (_, i) => event(i)))
    const { cursor: scopeCursor } = await sink.query({ scope, limit: 1 })
    database.statements.length = 0
    for (const limit of [0, 1001, 1.5]) {
      await expect(sink.query({ scope, limit })).rejects.toBeInstanceOf(InvalidArgumentError)
    }
    for (const cursor of [
      '',
      'not-a-cursor',
      Buffer.from('"abc"').toString('base64url'),
      Buffer.from('"0"').toString('base64url'),
    ]) {
      await expect(sink.query({ scope, cursor })).rejects.toBeInstanceOf(InvalidArgumentError)
    }
    // Not a name: MySQL's binary collation would match 'NAME_1   ' to 'NAME_1'.
    for (const name of ['', 'NAME_1   ', '../x']) {
      await expect(sink.query({ scope, name })).rejects.toMatchObject({ code: 'INVALID_NAME' })
    }
    // A cursor only continues the query it came from.
    expect(scopeCursor).toEqual(expect.any(String))
    await expect(
      sink.query({ scope, name: 'NAME_1', cursor: scopeCursor as string }),
    ).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(sink.write([{ ...event(0), version: 2 ** 53 }])).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
    await expect(sink.query({ scope: { Tenant: 'x' } })).rejects.toBeInstanceOf(InvalidScopeError)
    await expect(sink.write([{ ...event(0), time: new Date(Number.NaN) }])).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
    expect(database.statements).toHaveLength(0)
  })
})
