import {
  createSecrets,
  generateMasterKey,
  InvalidArgumentError,
  InvalidValueError,
  Keyring,
  type PutInput,
  type SecretStore,
  scopeHash,
  toScope,
} from '@secrets/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DEFAULT_MAX_VERSIONS,
  ensureSecretsIndexes,
  mongoAuditSink,
  mongoBackend,
} from '../src/index.js'
import { drivers, leaves, openDatabase, skipWithoutServer, type TestDatabase } from './_server.js'

const ctx = { accessor: 'test', reason: 'storage test' }

/** The forms of a value that must appear in no field. */
function forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8')
  const hex = bytes.toString('hex')
  return [value, bytes.toString('base64'), bytes.toString('base64url'), hex, hex.toUpperCase()]
}

const put = (payload: Uint8Array, description?: string): PutInput => ({
  payload: () => payload,
  createdBy: 'test',
  previousExpiresAt: null,
  requestId: globalThis.crypto.randomUUID(),
  ...(description === undefined ? {} : { description }),
})

describe.skipIf(skipWithoutServer())('MongoDB storage', () => {
  const driver = drivers[0]!
  let database: TestDatabase
  let secrets: SecretStore
  let options: { db: TestDatabase['db']; collectionPrefix: string }

  beforeAll(async () => {
    database = await openDatabase(driver)
    options = { db: database.db, collectionPrefix: database.collectionPrefix }
    await ensureSecretsIndexes(database.db, options)
    secrets = createSecrets({
      backend: mongoBackend(options),
      keyring: Keyring.fromKeys({ keys: { a: generateMasterKey() } }),
      audit: mongoAuditSink(options),
    })
  })
  afterAll(() => database?.destroy())

  it('keeps one document per secret with its versions embedded, payloads as Binary', async () => {
    const scope = { tenant: 'layout', user: 'ann' }
    const s = secrets.scope(scope)
    await s.set('DB_PASSWORD', 'first', { description: 'the db', accessor: 'admin' })
    await s.rotate('DB_PASSWORD', 'second', { accessor: 'rotator', overlapMs: 60_000 })
    const key = toScope(scope).key
    const docs = (await database.documents('secrets')).filter((d) => d.k === key)
    expect(docs).toHaveLength(1)
    const [doc] = docs
    expect(Object.keys(doc!).sort()).toEqual(['_id', 'k', 'latest', 'n', 's', 'versions'])
    expect(doc).toMatchObject({ s: scopeHash(key), k: key, n: 'DB_PASSWORD', latest: 2 })
    expect(doc!.versions.map((v: { v: number }) => v.v)).toEqual([1, 2])
    for (const version of doc!.versions) {
      expect(Object.keys(version).sort()).toEqual(['b', 'c', 'd', 'p', 'r', 'v', 'x'])
      expect(version.p._bsontype).toBe('Binary')
      expect(version.p.sub_type).toBe(0)
      expect(version.c).toBeInstanceOf(Date)
    }
    expect(doc!.versions[1]).toMatchObject({ d: 'the db', b: 'rotator' })
    expect(doc!.versions[1].x).toBeInstanceOf(Date)
    expect(doc!.versions[0].x).toBeNull()
  })

  it('keeps no plaintext, base64 or hex of any value in any field of either collection', async () => {
    const values = [
      `sk_live_${globalThis.crypto.randomUUID()}`,
      `pässwörd-${globalThis.crypto.randomUUID()}-日本`,
      `{"client_secret":"${globalThis.crypto.randomUUID()}"}`,
    ]
    const s = secrets.scope({ tenant: 'leak-check' })
    for (const [i, value] of values.entries()) {
      await s.set(`LEAK_${i}`, value, { description: 'a described secret', accessor: 'writer' })
      await s.rotate(`LEAK_${i}`, `${value}-next`, { accessor: 'writer' })
      expect(await s.get(`LEAK_${i}`, { ...ctx, version: 1 })).toBe(value)
    }
    await s.getMany(
      values.map((_, i) => `LEAK_${i}`),
      ctx,
    )
    const cells = leaves([
      ...(await database.documents('secrets')),
      ...(await database.documents('access_log')),
    ])
    expect(cells).toContain('a described secret')
    expect(cells).toContain('LEAK_0')
    const needles = values.flatMap((v) => [...forms(v), ...forms(`${v}-next`)])
    for (const cell of cells) {
      const texts =
        typeof cell === 'string'
          ? [cell]
          : [Buffer.from(cell).toString('latin1'), Buffer.from(cell).toString('utf8')]
      for (const t of texts) for (const needle of needles) expect(t).not.toContain(needle)
    }
  })

  it('does not serve a document whose scope hash matches but whose scope key differs', async () => {
    const scope = toScope({ tenant: 'collision' })
    const backend = mongoBackend(options)
    // What a SHA-256 collision would look like: another scope's document under this hash.
    const raw = database.client.db().collection(`${database.collectionPrefix}secrets`)
    const entry = {
      v: 1,
      p: new Uint8Array([1, 2, 3]),
      d: 'x',
      b: null,
      x: null,
      c: new Date(),
      r: 'r',
    }
    await raw.insertOne({
      s: scopeHash(scope.key),
      k: 'tenant=intruder',
      n: 'TWIN',
      latest: 1,
      versions: [entry],
    })
    expect(await backend.get(scope, 'TWIN')).toBeNull()
    expect(await backend.get(scope, 'TWIN', 1)).toBeNull()
    expect(await backend.getMany(scope, [{ name: 'TWIN' }, { name: 'TWIN', version: 1 }])).toEqual([
      null,
      null,
    ])
    expect(await backend.versions(scope, 'TWIN')).toEqual([])
    expect((await backend.list(scope, { limit: 10 })).items).toEqual([])
    expect(await backend.delete(scope, 'TWIN')).toBe(false)
    expect(await raw.countDocuments({ n: 'TWIN' })).toBe(1)
  })

  it('keeps the newest maxVersions versions and says so in versions, get and list', async () => {
    const backend = mongoBackend({ ...options, maxVersions: 3 })
    const scope = toScope({ tenant: 'trim' })
    const before = Date.now()
    for (let i = 1; i <= 5; i++) await backend.put(scope, 'TRIMMED', put(new Uint8Array([i])))
    expect((await backend.versions(scope, 'TRIMMED')).map((v) => v.version)).toEqual([5, 4, 3])
    expect(await backend.get(scope, 'TRIMMED', 2)).toBeNull()
    expect((await backend.get(scope, 'TRIMMED', 3))?.payload).toEqual(new Uint8Array([3]))
    expect((await backend.get(scope, 'TRIMMED'))?.version).toBe(5)
    const [item] = (await backend.list(scope, { limit: 10 })).items
    expect(item).toMatchObject({ name: 'TRIMMED', version: 5 })
    // Version 1 is gone: the creation time is the ObjectId's, to the second.
    expect(item!.createdAt.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000)
    expect(item!.createdAt.getTime()).toBeLessThanOrEqual(item!.updatedAt.getTime())
  })

  it('bounds maxVersions and derives the largest payload from it', () => {
    for (const maxVersions of [1, 1001, 2.5, '3', Number.NaN]) {
      expect(() => mongoBackend({ ...options, maxVersions: maxVersions as number })).toThrow(
        InvalidArgumentError,
      )
    }
    expect(DEFAULT_MAX_VERSIONS).toBe(100)
    expect(mongoBackend(options).capabilities.maxPayloadBytes).toBe(163_020)
    expect(mongoBackend({ ...options, maxVersions: 1000 }).capabilities.maxPayloadBytes).toBe(
      12_615,
    )
    expect(mongoBackend({ ...options, maxVersions: 2 }).capabilities.maxPayloadBytes).toBe(
      8_351_744,
    )
  })

  it('keeps a document at the largest payloads under 16 MiB and refuses a larger version by size only', async () => {
    const backend = mongoBackend({ ...options, maxVersions: 2 })
    const scope = toScope({ tenant: 'size' })
    const max = backend.capabilities.maxPayloadBytes!
    const payload = globalThis.crypto.getRandomValues(new Uint8Array(65_536))
    const big = new Uint8Array(max)
    for (let i = 0; i < max; i += payload.length) big.set(payload.subarray(0, max - i), i)
    for (let i = 0; i < 3; i++) await backend.put(scope, 'BIG', put(big))
    const raw = database.client.db().collection(`${database.collectionPrefix}secrets`)
    const doc = await raw.findOne({ n: 'BIG' })
    expect(driver.BSON.calculateObjectSize(doc!)).toBeLessThanOrEqual(16 * 1024 * 1024)
    const tooBig = new Uint8Array(max + 4097).fill(0x41)
    const error = await backend.put(scope, 'BIG', put(tooBig)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidValueError)
    expect((error as Error).message).toMatch(/takes \d+ bytes .* at most \d+/)
    expect((error as Error).message).not.toContain('AAAA')
    // A description counts too: the payload fits, the version with it does not.
    await expect(
      backend.put(scope, 'BIG', put(big.subarray(0, max - 100), 'é'.repeat(2048))),
    ).rejects.toBeInstanceOf(InvalidValueError)
    expect((await backend.versions(scope, 'BIG')).map((v) => v.version)).toEqual([3, 2])
  })
})
