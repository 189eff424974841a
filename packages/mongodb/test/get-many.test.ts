import {
  createSecrets,
  generateMasterKey,
  InvalidArgumentError,
  Keyring,
  type PutInput,
  type SecretBackend,
  toScope,
} from '@secrets/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureSecretsIndexes, mongoAuditSink, mongoBackend } from '../src/index.js'
import { drivers, openDatabase, skipWithoutServer, type TestDatabase } from './_server.js'

const put = (text: string): PutInput => ({
  payload: () => new TextEncoder().encode(text),
  createdBy: 'seed',
  previousExpiresAt: null,
  requestId: globalThis.crypto.randomUUID(),
})
const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : null)
const N = 300

describe.skipIf(skipWithoutServer()).each(drivers)('getMany ($name)', (driver) => {
  let database: TestDatabase
  let backend: SecretBackend
  const scope = toScope({ tenant: 'batch' })
  const names = Array.from({ length: N }, (_, i) => `NAME_${String(i).padStart(3, '0')}`)

  beforeAll(async () => {
    database = await openDatabase(driver)
    const options = { db: database.db, collectionPrefix: database.collectionPrefix }
    await ensureSecretsIndexes(database.db, options)
    backend = mongoBackend(options)
    await Promise.all(names.map((name) => backend.put(scope, name, put(`${name}@1`))))
    // Every tenth name has a second version.
    await Promise.all(
      names
        .filter((_, i) => i % 10 === 0)
        .map((name) => backend.put(scope, name, put(`${name}@2`))),
    )
  })
  afterAll(() => database?.destroy())

  it(`reads the latest of ${N} names with one find command`, async () => {
    database.commands.length = 0
    const records = await backend.getMany(
      scope,
      names.map((name) => ({ name })),
    )
    expect(database.commands).toEqual(['find'])
    expect(records.map((r) => text(r?.payload))).toEqual(
      names.map((name, i) => `${name}@${i % 10 === 0 ? 2 : 1}`),
    )
  })

  it(`reads ${N} pinned versions with latest ones, repeats and absentees, with one find`, async () => {
    const keys = [
      ...names.map((name) => ({ name, version: 1 })),
      { name: 'NAME_010' },
      { name: 'NAME_010', version: 2 },
      { name: 'NAME_011', version: 2 },
      { name: 'ABSENT' },
      { name: 'NAME_010' },
      { name: 'NAME_011', version: 2_147_483_648 },
    ]
    database.commands.length = 0
    const records = await backend.getMany(scope, keys)
    expect(database.commands).toEqual(['find'])
    expect(records.map((r) => text(r?.payload))).toEqual([
      ...names.map((name) => `${name}@1`),
      'NAME_010@2',
      'NAME_010@2',
      null,
      null,
      'NAME_010@2',
      null,
    ])
    expect(records[N]).toMatchObject({ name: 'NAME_010', version: 2, createdBy: 'seed' })
  })

  it(`audits a store read of ${N} names with one find and one insert`, async () => {
    const options = { db: database.db, collectionPrefix: database.collectionPrefix }
    const secrets = createSecrets({
      backend: mongoBackend(options),
      keyring: Keyring.fromKeys({ keys: { a: generateMasterKey() } }),
      audit: mongoAuditSink(options),
    })
    const s = secrets.scope({ tenant: 'store-batch' })
    await Promise.all(names.map((name) => s.set(name, `value of ${name}`)))
    database.commands.length = 0
    const values = await s.getMany(names, { accessor: 'test' })
    expect(database.commands.sort()).toEqual(['find', 'insert'])
    expect(Object.keys(values)).toHaveLength(N)
    expect(values.NAME_123).toBe('value of NAME_123')
  })

  it('reads only the asked scope, and rejects bad keys before any command', async () => {
    expect(await backend.getMany(toScope({ tenant: 'other' }), [{ name: 'NAME_000' }])).toEqual([
      null,
    ])
    expect(await backend.getMany(toScope({}), [{ name: 'NAME_000' }])).toEqual([null])
    database.commands.length = 0
    for (const version of [0, -1, 1.5, Number.NaN, '1']) {
      await expect(
        backend.getMany(scope, [{ name: 'NAME_000', version: version as number }]),
      ).rejects.toBeInstanceOf(InvalidArgumentError)
    }
    await expect(backend.getMany(scope, [{ name: 'bad name' }])).rejects.toMatchObject({
      code: 'INVALID_NAME',
    })
    expect(await backend.getMany(scope, [])).toEqual([])
    expect(database.commands).toEqual([])
  })
})
