import {
  ConflictError,
  type PutInput,
  type SecretBackend,
  toScope,
  type VersionInfo,
} from '@secrets/core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { kyselyBackend } from '../src/index.js'
import { describeEachDialect, openDatabase, type TestDatabase } from './_databases.js'

const put = (i: number, ifVersion?: number): PutInput => ({
  payload: () => new TextEncoder().encode(`envelope-${i}`),
  createdBy: `writer-${i}`,
  previousExpiresAt: null,
  requestId: globalThis.crypto.randomUUID(),
  ...(ifVersion === undefined ? {} : { ifVersion }),
})

const settle = <T>(tasks: Array<() => Promise<T>>): Promise<Array<PromiseSettledResult<T>>> =>
  Promise.allSettled(tasks.map((task) => task()))

describeEachDialect('compare-and-set under concurrency', (target) => {
  let database: TestDatabase
  let backend: SecretBackend

  beforeAll(async () => {
    database = await openDatabase(target, { poolSize: 10 })
    backend = kyselyBackend({ db: database.db, tablePrefix: database.tablePrefix })
  })
  afterAll(() => database?.destroy())

  it('lands 20 concurrent appends to an existing secret as 20 contiguous versions', async () => {
    const scope = toScope({ tenant: 'hot' })
    await backend.put(scope, 'COUNTER', put(0))
    const written = await Promise.all(
      Array.from({ length: 20 }, (_, i) => backend.put(scope, 'COUNTER', put(i + 1))),
    )
    expect(written.map((w) => w.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 2),
    )
    const versions = await backend.versions(scope, 'COUNTER')
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: 21 }, (_, i) => 21 - i))
    // Each version holds the payload its writer was told it got.
    const records = await backend.getMany(
      scope,
      written.map((w) => ({ name: 'COUNTER', version: w.version })),
    )
    for (const [i, record] of records.entries()) {
      expect(new TextDecoder().decode(record!.payload)).toBe(`envelope-${i + 1}`)
      expect(record!.createdBy).toBe(`writer-${i + 1}`)
    }
    expect((await backend.get(scope, 'COUNTER'))?.version).toBe(21)
  })

  it('lands 20 concurrent appends to a new secret as versions 1 to 20', async () => {
    const scope = toScope({ tenant: 'fresh' })
    const written = await Promise.all(
      Array.from({ length: 20 }, (_, i) => backend.put(scope, 'NEW', put(i))),
    )
    expect(written.map((w) => w.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    )
    expect((await backend.list(scope, { limit: 10 })).items).toMatchObject([
      { name: 'NEW', version: 20 },
    ])
  })

  it('lets one of 20 concurrent creators win and gives the others ConflictError', async () => {
    const scope = toScope({ tenant: 'create-race' })
    const results = await settle(
      Array.from({ length: 20 }, (_, i) => () => backend.put(scope, 'ONCE', put(i, 0))),
    )
    const won = results.filter((r) => r.status === 'fulfilled')
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(won).toHaveLength(1)
    for (const r of lost) expect(r.reason).toBeInstanceOf(ConflictError)
    expect((await backend.versions(scope, 'ONCE')).map((v) => v.version)).toEqual([1])
  })

  it('lets one of 20 concurrent writers expecting the same version win', async () => {
    const scope = toScope({ tenant: 'cas-race' })
    await backend.put(scope, 'CAS', put(0))
    await backend.put(scope, 'CAS', put(1))
    const results = await settle(
      Array.from({ length: 20 }, (_, i) => () => backend.put(scope, 'CAS', put(i + 2, 2))),
    )
    const won = results.filter(
      (r): r is PromiseFulfilledResult<VersionInfo> => r.status === 'fulfilled',
    )
    expect(won.map((r) => r.value.version)).toEqual([3])
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(19)
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError)
    await expect(backend.put(scope, 'CAS', put(99, 2))).rejects.toBeInstanceOf(ConflictError)
    await expect(backend.put(scope, 'MISSING', put(99, 1))).rejects.toBeInstanceOf(ConflictError)
    // Past 32 bits, where an INTEGER column would make PostgreSQL refuse the parameter.
    await expect(backend.put(scope, 'CAS', put(99, 3_000_000_000))).rejects.toBeInstanceOf(
      ConflictError,
    )
    expect(await backend.getMany(scope, [{ name: 'CAS', version: 3_000_000_000 }])).toEqual([null])
    expect((await backend.get(scope, 'CAS'))?.version).toBe(3)
    expect(await backend.get(scope, 'MISSING')).toBeNull()
  })

  it('keeps appends and deletes consistent when they race', async () => {
    const scope = toScope({ tenant: 'delete-race' })
    await backend.put(scope, 'GONE', put(0))
    const results = await settle<unknown>([
      ...Array.from({ length: 10 }, (_, i) => () => backend.put(scope, 'GONE', put(i + 1))),
      () => backend.delete(scope, 'GONE'),
    ])
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true)
    // Whatever the interleaving, the surviving versions are 1..n with the head at n.
    const versions = (await backend.versions(scope, 'GONE')).map((v) => v.version)
    const head = await backend.get(scope, 'GONE')
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => versions.length - i))
    expect(head?.version ?? 0).toBe(versions.length)
  })
})
