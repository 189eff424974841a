import {
  InvalidArgumentError,
  type PutInput,
  type ScannedRecord,
  type SecretBackend,
  toScope,
} from '@secrets/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureSecretsIndexes, mongoBackend } from '../src/index.js'
import { drivers, openDatabase, skipWithoutServer, type TestDatabase } from './_server.js'

const bytes = (text: string) => new TextEncoder().encode(text)
const text = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : null)
const put = (payload: string): PutInput => ({
  payload: () => bytes(payload),
  createdBy: null,
  previousExpiresAt: null,
  requestId: globalThis.crypto.randomUUID(),
})
const key = (r: { scopeKey: string; name: string; version: number }) =>
  `${r.scopeKey}|${r.name}|${r.version}`

async function scanAll(backend: SecretBackend, limit: number, cursor?: string) {
  const records: ScannedRecord[] = []
  let pages = 0
  do {
    const page = await backend.scan!({ limit, ...(cursor === undefined ? {} : { cursor }) })
    expect(page.records.length).toBeLessThanOrEqual(limit)
    records.push(...page.records)
    cursor = page.cursor ?? undefined
    pages++
  } while (cursor !== undefined)
  return { records, pages }
}

describe.skipIf(skipWithoutServer()).each(drivers)('scan and replacePayloads ($name)', (driver) => {
  let database: TestDatabase
  let backend: SecretBackend
  const scopes = [toScope({ tenant: 'a' }), toScope({ tenant: 'b', user: "o'neil" }), toScope({})]

  beforeAll(async () => {
    database = await openDatabase(driver)
    const options = { db: database.db, collectionPrefix: database.collectionPrefix }
    await ensureSecretsIndexes(database.db, options)
    backend = mongoBackend(options)
    for (const scope of scopes) {
      for (const name of ['X', 'Y/z', 'a']) {
        await backend.put(scope, name, put(`${scope.key}|${name}|1`))
        await backend.put(scope, name, put(`${scope.key}|${name}|2`))
      }
    }
    // One long history, split across pages.
    for (let v = 1; v <= 7; v++)
      await backend.put(scopes[0]!, 'LONG', put(`${scopes[0]!.key}|LONG|${v}`))
  })
  afterAll(() => database?.destroy())

  it('walks every version of every scope once, in pages, in a stable order', async () => {
    const { records, pages } = await scanAll(backend, 4)
    expect(records).toHaveLength(25)
    expect(pages).toBe(7) // 25 records: 6 full pages and one of 1
    expect(new Set(records.map(key)).size).toBe(25)
    for (const r of records) expect(text(r.payload)).toBe(key(r))
    expect(new Set(records.map((r) => r.scopeKey))).toEqual(new Set(scopes.map((s) => s.key)))
    expect((await scanAll(backend, 1000)).records).toEqual(records)
    expect((await scanAll(backend, 1)).records).toEqual(records)
    await expect(backend.scan!({ limit: 0 })).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(backend.scan!({ limit: 10_001 })).rejects.toBeInstanceOf(InvalidArgumentError)
  })

  it('continues a cursor made through another client (ObjectIds of that driver)', async () => {
    const first = await backend.scan!({ limit: 5 })
    const other = await openDatabase(driver)
    try {
      const resumed = mongoBackend({ db: other.db, collectionPrefix: database.collectionPrefix })
      const rest = await scanAll(resumed, 5, first.cursor!)
      expect([...first.records, ...rest.records]).toEqual((await scanAll(backend, 100)).records)
      // The first page of a client that has read nothing yet fetches one _id to learn the ObjectId class.
      expect(other.commands.slice(0, 2)).toEqual(['find', 'find'])
    } finally {
      await other.destroy().catch(() => undefined)
    }
  })

  it('replaces only versions still holding the scanned payload, in one bulk write', async () => {
    const { records } = await scanAll(backend, 100)
    // Meanwhile: X of scope a is deleted and written again (a new version 1),
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
    database.commands.length = 0
    expect(await backend.replacePayloads!(updates)).toBe(records.length - 3)
    expect(database.commands).toEqual(['update'])
    const after = await scanAll(backend, 100)
    const recreated = (r: ScannedRecord) => r.scopeKey === scopes[0]!.key && r.name === 'X'
    for (const r of after.records) {
      const expected = recreated(r) ? 'recreated' : key(r) === key(stale) ? key(r) : `new:${key(r)}`
      expect(text(r.payload), key(r)).toBe(expected)
    }
    expect(await backend.replacePayloads!([])).toBe(0)
    await expect(
      backend.replacePayloads!([{ ...updates[0]!, payload: new Uint8Array() }]),
    ).rejects.toBeInstanceOf(InvalidArgumentError)
  })
})
