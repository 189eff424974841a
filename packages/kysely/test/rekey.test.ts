import {
  createSecrets,
  generateMasterKey,
  InvalidArgumentError,
  Keyring,
  memoryAuditSink,
  type PutInput,
  type ScannedRecord,
  type SecretBackend,
  toScope,
} from '@secrets/core'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { kyselyBackend } from '../src/index.js'
import { describeEachDialect, openDatabase, type TestDatabase } from './_databases.js'

const bytes = (text: string) => new TextEncoder().encode(text)
const text = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : null)
const put = (payload: string): PutInput => ({
  payload: () => bytes(payload),
  createdBy: null,
  previousExpiresAt: null,
  requestId: globalThis.crypto.randomUUID(),
})

async function scanAll(backend: SecretBackend, limit: number) {
  const records: ScannedRecord[] = []
  let pages = 0
  let cursor: string | undefined
  do {
    const page = await backend.scan!({ limit, ...(cursor === undefined ? {} : { cursor }) })
    expect(page.records.length).toBeLessThanOrEqual(limit)
    records.push(...page.records)
    cursor = page.cursor ?? undefined
    pages++
  } while (cursor !== undefined)
  return { records, pages }
}

describeEachDialect('scan and replacePayloads', (target) => {
  let database: TestDatabase
  let backend: SecretBackend
  const scopes = [toScope({ tenant: 'a' }), toScope({ tenant: 'b', user: "o'neil" }), toScope({})]

  beforeAll(async () => {
    database = await openDatabase(target)
    backend = kyselyBackend({
      db: database.db,
      tablePrefix: database.tablePrefix,
      maxBindParameters: 16,
    })
    for (const scope of scopes) {
      for (const name of ['X', 'Y/z', 'a']) {
        await backend.put(scope, name, put(`${scope.key}|${name}|1`))
        await backend.put(scope, name, put(`${scope.key}|${name}|2`))
      }
    }
  })
  afterAll(() => database?.destroy())

  it('walks every version of every scope once, in pages, in a stable order', async () => {
    const { records, pages } = await scanAll(backend, 4)
    expect(pages).toBe(5) // 18 records: 4 full pages and a partial one
    expect(records).toHaveLength(18)
    const seen = records.map((r) => `${r.scopeKey}|${r.name}|${r.version}`)
    expect(new Set(seen).size).toBe(18)
    for (const r of records) expect(text(r.payload)).toBe(`${r.scopeKey}|${r.name}|${r.version}`)
    expect(new Set(records.map((r) => r.scopeKey))).toEqual(new Set(scopes.map((s) => s.key)))
    expect((await scanAll(backend, 1000)).records).toEqual(records)
    await expect(backend.scan!({ limit: 4, cursor: 'bogus' })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
    await expect(backend.scan!({ limit: 0 })).rejects.toBeInstanceOf(InvalidArgumentError)
  })

  it('replaces only versions that still hold the scanned payload, and counts them', async () => {
    const { records } = await scanAll(backend, 100)
    const key = (r: { scopeKey: string; name: string; version: number }) =>
      `${r.scopeKey}|${r.name}|${r.version}`
    // Meanwhile: name X of scope a is deleted and written again (a new version 1),
    // and one update carries a payload that is no longer the stored one.
    await backend.delete(scopes[0]!, 'X')
    await backend.put(scopes[0]!, 'X', put('recreated'))
    const updates = records.map((r) => ({
      ...r,
      previous: r.payload,
      payload: bytes(`new:${key(r)}`),
    }))
    const stale = updates.find(
      (u) => u.scopeKey === scopes[1]!.key && u.name === 'a' && u.version === 2,
    )!
    stale.previous = bytes('not what is stored')
    database.statements.length = 0
    const replaced = await backend.replacePayloads!(updates)
    expect(replaced).toBe(records.length - 3)
    // 16 parameters: SQLite takes 3 rows per statement, MySQL 2; PostgreSQL binds arrays.
    const expected = { sqlite: Math.ceil(18 / 3), mysql: Math.ceil(18 / 2), postgres: 1 }[
      target.dialect
    ]
    expect(database.statements).toHaveLength(expected)
    const after = await scanAll(backend, 100)
    expect(after.records).toHaveLength(17)
    for (const r of after.records) {
      if (r.scopeKey === scopes[0]!.key && r.name === 'X') expect(text(r.payload)).toBe('recreated')
      else if (r === after.records.find((x) => key(x) === key(stale)))
        expect(text(r.payload)).toBe(key(r))
      else expect(text(r.payload)).toBe(`new:${key(r)}`)
    }
    expect(await backend.replacePayloads!([])).toBe(0)
  })
})

describeEachDialect('rekey through the store', (target) => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await openDatabase(target)
  })
  afterAll(() => database?.destroy())

  it('rewraps every record page by page, then has nothing left to do', async () => {
    const keyA = generateMasterKey()
    const keyB = generateMasterKey()
    const backend = kyselyBackend({ db: database.db, tablePrefix: database.tablePrefix })
    const audit = memoryAuditSink()
    const old = createSecrets({ backend, keyring: Keyring.fromKeys({ keys: { a: keyA } }), audit })
    for (let i = 0; i < 30; i++) await old.scope({ tenant: `t${i % 4}` }).set(`K${i}`, `value-${i}`)
    const rotating = createSecrets({
      backend,
      keyring: Keyring.fromKeys({ primary: 'b', keys: { a: keyA, b: keyB } }),
      audit,
    })
    const progress: number[] = []
    const result = await rotating.rekey({
      batchSize: 7,
      onProgress: (p) => progress.push(p.scanned),
    })
    expect(result).toMatchObject({ scanned: 30, rewrapped: 30, primaryKeyId: 'b' })
    expect(progress).toEqual([7, 14, 21, 28, 30])
    expect((await rotating.rekey({ batchSize: 7 })).rewrapped).toBe(0)
    // The store's largest batch is one page of scan.
    expect(await rotating.rekey({ batchSize: 10_000 })).toMatchObject({ scanned: 30, rewrapped: 0 })
    const onlyB = createSecrets({
      backend,
      keyring: Keyring.fromKeys({ keys: { b: keyB } }),
      audit,
    })
    for (let i = 0; i < 30; i++) {
      expect(await onlyB.scope({ tenant: `t${i % 4}` }).get(`K${i}`, { accessor: 'test' })).toBe(
        `value-${i}`,
      )
    }
  })
})

describeEachDialect('scan and replacePayloads past 32-bit version numbers', (target) => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await openDatabase(target)
  })
  afterAll(() => database?.destroy())

  it('rewrites a version above 2^31 and resumes past it', async () => {
    const backend = kyselyBackend({ db: database.db, tablePrefix: database.tablePrefix })
    const secrets = createSecrets({
      backend,
      keyring: Keyring.fromKeys({ keys: { a: generateMasterKey() } }),
      audit: memoryAuditSink(),
    })
    await secrets.scope({ tenant: 'big' }).set('BIG', 'first')
    await secrets.scope({ tenant: 'big' }).set('LATER', 'second')
    // 2^31 appends would take days: renumber the stored version in place.
    const big = 2 ** 31 + 6
    const table = (name: string) => sql.table(`${database.tablePrefix}${name}`)
    await sql`update ${table('versions')} set version = ${big} where name = ${'BIG'}`.execute(
      database.db,
    )
    await sql`update ${table('heads')} set latest_version = ${big} where name = ${'BIG'}`.execute(
      database.db,
    )
    // One version per page, so the big version is also carried in a cursor.
    const { records, pages } = await scanAll(backend, 1)
    expect(pages).toBe(3)
    expect(records.map((r) => [r.name, r.version])).toEqual([
      ['BIG', big],
      ['LATER', 1],
    ])
    const updates = records.map((r) => ({ ...r, previous: r.payload, payload: bytes(r.name) }))
    expect(await backend.replacePayloads!(updates)).toBe(2)
    expect(await backend.replacePayloads!(updates)).toBe(0)
    const after = await scanAll(backend, 1)
    expect(after.records.map((r) => [r.version, text(r.payload)])).toEqual([
      [big, 'BIG'],
      [1, 'LATER'],
    ])
  })
})
