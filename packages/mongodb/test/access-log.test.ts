import {
  type AccessLogQuery,
  type AuditEvent,
  createSecrets,
  generateMasterKey,
  InvalidArgumentError,
  InvalidScopeError,
  Keyring,
  scopeHash,
  toScope,
} from '@secrets/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ensureSecretsIndexes,
  type MongoAuditSink,
  mongoAuditSink,
  mongoBackend,
  queryAccessLog,
} from '../src/index.js'
import { drivers, openDatabase, skipWithoutServer, type TestDatabase } from './_server.js'

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

describe.skipIf(skipWithoutServer()).each(drivers)('access log ($name)', (driver) => {
  let database: TestDatabase
  let sink: MongoAuditSink

  beforeAll(async () => {
    database = await openDatabase(driver)
    const options = { db: database.db, collectionPrefix: database.collectionPrefix }
    await ensureSecretsIndexes(database.db, options)
    sink = mongoAuditSink(options)
  })
  afterAll(() => database?.destroy())

  it('writes a batch as one insertMany and reads every field back', async () => {
    const scope = { tenant: 'fields', user: 'ann' }
    const batch = [
      event(0, { usedAt: ['plugins.slack.token', 'env.SLACK'], scope }),
      event(1, { outcome: 'not_found', errorCode: 'SECRET_NOT_FOUND', scope }),
      event(2, { action: 'list', name: null, version: null, count: 42, scope }),
    ]
    database.commands.length = 0
    await sink.write(batch)
    expect(database.commands).toEqual(['insert'])
    const page = await sink.query({ scope: { user: 'ann', tenant: 'fields' } })
    expect(page.cursor).toBeNull()
    expect(page.items.map(({ id: _id, ...rest }) => rest)).toEqual([...batch].reverse())
    expect(page.items.every((item) => /^[0-9a-f]{24}$/.test(item.id))).toBe(true)
    const [stored] = await database.documents('access_log')
    expect(Object.keys(stored!).sort()).toEqual(
      ['_id', 'a', 'acc', 'n', 'o', 'rsn', 's', 'scope', 't', 'u', 'v'].sort(),
    )
    expect(stored).toMatchObject({ s: scopeHash(toScope(scope).key), scope, t: batch[0]!.time })
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
    database.commands.length = 0
    do {
      const page = await queryAccessLog(database.db, {
        collectionPrefix: database.collectionPrefix,
        scope: { tenant: 'log' },
        limit: 10,
        ...(cursor === undefined ? {} : { cursor }),
      })
      expect(page.items.length).toBeLessThanOrEqual(10)
      seen.push(...page.items.map((item) => item.reason ?? ''))
      cursor = page.cursor ?? undefined
      pages++
    } while (cursor !== undefined && pages < 10)
    expect(pages).toBe(3)
    expect(database.commands).toEqual(['find', 'find', 'find'])
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
      byName.push(...page.items.map((item) => `${item.name}:${item.version}`))
      cursor = page.cursor ?? undefined
    } while (cursor !== undefined)
    expect(byName).toEqual([23, 20, 17, 14, 11, 8, 5, 2].map((v) => `NAME_1:${v}`))
    expect((await sink.query({ scope: { tenant: 'nobody' } })).items).toEqual([])
  })

  it('continues a cursor through another client, which learns the ObjectId class first', async () => {
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

  it('records what the store audits, one insert per batched read', async () => {
    const options = { db: database.db, collectionPrefix: database.collectionPrefix }
    const secrets = createSecrets({
      backend: mongoBackend(options),
      keyring: Keyring.fromKeys({ keys: { a: generateMasterKey() } }),
      audit: sink,
    })
    const s = secrets.scope({ tenant: 'store' })
    const names = Array.from({ length: 50 }, (_, i) => `KEY_${i}`)
    for (const name of names) await s.set(name, `value-${name}`, { accessor: 'admin' })
    database.commands.length = 0
    await s.getMany(names, { accessor: 'job:report', reason: 'monthly' })
    expect(database.commands.filter((c) => c === 'insert')).toHaveLength(1)
    const page = await sink.query({ scope: { tenant: 'store' }, limit: 50 })
    expect(page.items).toHaveLength(50)
    expect(
      page.items.every(
        (item) =>
          item.action === 'read' && item.accessor === 'job:report' && item.reason === 'monthly',
      ),
    ).toBe(true)
    expect(new Set(page.items.map((item) => item.name))).toEqual(new Set(names))
    const writes = await sink.query({ scope: { tenant: 'store' }, name: 'KEY_7' })
    expect(writes.items.map((item) => item.action)).toEqual(['read', 'write'])
  })

  it('stores NUL as U+FFFD and cuts an over-long (invalid) name, as the SQL sink does', async () => {
    await sink.write([
      event(0, {
        scope: { tenant: 'odd', zone: 'nul\0zone' },
        name: 'N'.repeat(300),
        accessor: 'a\0b',
      }),
    ])
    const [item] = (await sink.query({ scope: { tenant: 'odd', zone: 'nul\0zone' } })).items
    expect(item!.name).toBe('N'.repeat(255))
    expect(item!.accessor).toBe('a\uFFFDb')
    expect(item!.scope).toEqual({ tenant: 'odd', zone: 'nul\0zone' })
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
          collectionPrefix: database.collectionPrefix,
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
    database.commands.length = 0
    for (const outcome of [undefined, 'error', ['error', 'not_found', 'conflict']] as const) {
      await expect(sink.query({ scope, outcome, cursor })).rejects.toThrow(/another "outcome"/)
    }
    for (const outcome of ['nope', [], ['error', 'ERROR']]) {
      await expect(
        sink.query({ scope, outcome: outcome as AccessLogQuery['outcome'] }),
      ).rejects.toBeInstanceOf(InvalidArgumentError)
    }
    expect(database.commands).toEqual([])
  })

  it('rejects a bad query or event before any command', async () => {
    const scope = { tenant: 'log' }
    const { cursor: scopeCursor } = await sink.query({ scope, limit: 1 })
    database.commands.length = 0
    for (const limit of [0, 1001, 1.5]) {
      await expect(sink.query({ scope, limit })).rejects.toBeInstanceOf(InvalidArgumentError)
    }
    for (const cursor of [
      '',
      'not-a-cursor',
      Buffer.from('["0123", null]').toString('base64url'),
      Buffer.from('["0123456789ABCDEF01234567", null]').toString('base64url'),
    ]) {
      await expect(sink.query({ scope, cursor })).rejects.toBeInstanceOf(InvalidArgumentError)
    }
    for (const name of ['', 'NAME_1   ', '../x', { $ne: null }]) {
      await expect(sink.query({ scope, name: name as string })).rejects.toMatchObject({
        code: 'INVALID_NAME',
      })
    }
    await expect(
      sink.query({ scope, name: 'NAME_1', cursor: scopeCursor as string }),
    ).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(sink.write([{ ...event(0), version: 2 ** 53 }])).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
    await expect(sink.write([{ ...event(0), time: new Date(Number.NaN) }])).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
    await expect(sink.query({ scope: { Tenant: 'x' } })).rejects.toBeInstanceOf(InvalidScopeError)
    await expect(
      queryAccessLog(database.db, { scope, collectionPrefix: 'bad-prefix' }),
    ).rejects.toBeInstanceOf(InvalidArgumentError)
    expect(database.commands).toEqual([])
  })
})
