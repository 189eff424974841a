import {
  ConflictError,
  type PutInput,
  type SecretBackend,
  toScope,
  type VersionInfo,
} from '@secrets/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureSecretsIndexes, mongoBackend } from '../src/index.js'
import { drivers, openDatabase, skipWithoutServer, type TestDatabase } from './_server.js'

const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : null)

/** A write whose payload names its writer and the version it was sealed for. */
const put = (writer: string, ifVersion?: number, requestId?: string): PutInput => ({
  payload: (version) => new TextEncoder().encode(`${writer}@${version}`),
  createdBy: writer,
  previousExpiresAt: null,
  requestId: requestId ?? globalThis.crypto.randomUUID(),
  ...(ifVersion === undefined ? {} : { ifVersion }),
})

const WRITERS = 20
const ROUNDS = 25

describe.skipIf(skipWithoutServer()).each(drivers)('writes under concurrency ($name)', (driver) => {
  let database: TestDatabase
  let backend: SecretBackend

  beforeAll(async () => {
    database = await openDatabase(driver)
    await ensureSecretsIndexes(database.db, { collectionPrefix: database.collectionPrefix })
    backend = mongoBackend({ db: database.db, collectionPrefix: database.collectionPrefix })
  })
  afterAll(() => database?.destroy())

  it(`lets exactly one of ${WRITERS} compare-and-set writers win, ${ROUNDS} rounds, no lost update`, async () => {
    const scope = toScope({ tenant: 'cas-rounds' })
    await backend.put(scope, 'CAS', put('seed'))
    const winners: string[] = []
    for (let round = 1; round <= ROUNDS; round++) {
      const results = await Promise.allSettled(
        Array.from({ length: WRITERS }, (_, i) =>
          backend.put(scope, 'CAS', put(`r${round}w${i}`, round)),
        ),
      )
      const won = results.filter(
        (r): r is PromiseFulfilledResult<VersionInfo> => r.status === 'fulfilled',
      )
      expect(
        won.map((r) => r.value.version),
        `round ${round}`,
      ).toEqual([round + 1])
      for (const r of results) {
        if (r.status === 'rejected') expect(ConflictError.isInstance(r.reason)).toBe(true)
      }
      winners.push(won[0]!.value.createdBy!)
    }
    // Every winner's write is there, at the version it was told, sealed for that version.
    const versions = await backend.versions(scope, 'CAS')
    expect(versions.map((v) => v.version)).toEqual(
      Array.from({ length: ROUNDS + 1 }, (_, i) => ROUNDS + 1 - i),
    )
    const records = await backend.getMany(
      scope,
      winners.map((_, i) => ({ name: 'CAS', version: i + 2 })),
    )
    expect(records.map((r) => text(r?.payload))).toEqual(winners.map((w, i) => `${w}@${i + 2}`))
  })

  it(`lands ${WRITERS} concurrent appends as ${WRITERS} distinct contiguous versions`, async () => {
    const scope = toScope({ tenant: 'appends' })
    await backend.put(scope, 'HOT', put('seed'))
    const written = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) => backend.put(scope, 'HOT', put(`w${i}`))),
    )
    const numbers = written.map((w) => w.version)
    expect(new Set(numbers).size).toBe(WRITERS)
    expect([...numbers].sort((a, b) => a - b)).toEqual(
      Array.from({ length: WRITERS }, (_, i) => i + 2),
    )
    const records = await backend.getMany(
      scope,
      written.map((w) => ({ name: 'HOT', version: w.version })),
    )
    for (const [i, record] of records.entries())
      expect(text(record?.payload)).toBe(`w${i}@${written[i]!.version}`)
    expect((await backend.get(scope, 'HOT'))?.version).toBe(WRITERS + 1)
  })

  it(`numbers ${WRITERS} concurrent first writes of one name 1 to ${WRITERS}`, async () => {
    const scope = toScope({ tenant: 'fresh' })
    const written = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) => backend.put(scope, 'NEW', put(`w${i}`))),
    )
    expect(written.map((w) => w.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: WRITERS }, (_, i) => i + 1),
    )
    expect((await backend.list(scope, { limit: 10 })).items).toMatchObject([
      { name: 'NEW', version: WRITERS },
    ])
  })

  it(`lets one of ${WRITERS} concurrent creators (ifVersion 0) win`, async () => {
    const scope = toScope({ tenant: 'creators' })
    const results = await Promise.allSettled(
      Array.from({ length: WRITERS }, (_, i) => backend.put(scope, 'ONCE', put(`w${i}`, 0))),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results) {
      if (r.status === 'rejected') expect(String(r.reason.message)).toMatch(/already exists/)
    }
    expect((await backend.versions(scope, 'ONCE')).map((v) => v.version)).toEqual([1])
  })

  it('returns the version a retried write already landed, without writing again', async () => {
    const scope = toScope({ tenant: 'idempotent' })
    const requestId = globalThis.crypto.randomUUID()
    const first = await backend.put(scope, 'ONCE', put('first', undefined, requestId))
    database.commands.length = 0
    // The same request again, whatever it asks: it already landed as version 1.
    const again = await backend.put(scope, 'ONCE', put('retry', 0, requestId))
    expect(again).toEqual(first)
    expect(database.commands).toEqual(['find'])
    expect((await backend.versions(scope, 'ONCE')).map((v) => v.createdBy)).toEqual(['first'])
  })

  it('keeps versions contiguous when appends race a delete, and starts again at 1', async () => {
    const scope = toScope({ tenant: 'delete-race' })
    for (let round = 0; round < 10; round++) {
      const name = `GONE_${round}`
      await backend.put(scope, name, put('seed'))
      const results = await Promise.allSettled<unknown>([
        ...Array.from({ length: 10 }, (_, i) => backend.put(scope, name, put(`w${i}`))),
        backend.delete(scope, name),
      ])
      expect(results.every((r) => r.status === 'fulfilled')).toBe(true)
      const versions = (await backend.versions(scope, name)).map((v) => v.version)
      expect(versions).toEqual(
        Array.from({ length: versions.length }, (_, i) => versions.length - i),
      )
      expect((await backend.get(scope, name))?.version ?? 0).toBe(versions.length)
    }
    await backend.delete(scope, 'GONE_0')
    expect((await backend.put(scope, 'GONE_0', put('again'))).version).toBe(1)
  })
})
