import {
  createSecrets,
  generateMasterKey,
  InvalidArgumentError,
  Keyring,
  memoryAuditSink,
  type PutInput,
  toScope,
} from '@secrets/core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { kyselyBackend, MAX_BIND_PARAMETERS } from '../src/index.js'
import { describeEachDialect, openDatabase, type TestDatabase } from './_databases.js'

const put = (text: string): PutInput => ({
  payload: () => new TextEncoder().encode(text),
  createdBy: 'seed',
  previousExpiresAt: null,
  requestId: globalThis.crypto.randomUUID(),
})
const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : null)

describeEachDialect('getMany', (target) => {
  let database: TestDatabase
  const scope = toScope({ tenant: 'batch' })
  const names = Array.from({ length: 500 }, (_, i) => `NAME_${String(i).padStart(3, '0')}`)

  beforeAll(async () => {
    database = await openDatabase(target)
    const backend = kyselyBackend({ db: database.db, tablePrefix: database.tablePrefix })
    for (const chunk of [names.slice(0, 250), names.slice(250)]) {
      await Promise.all(chunk.map((name) => backend.put(scope, name, put(`${name}@1`))))
    }
    // Every tenth name has a second version.
    await Promise.all(
      names
        .filter((_, i) => i % 10 === 0)
        .map((name) => backend.put(scope, name, put(`${name}@2`))),
    )
  })
  afterAll(() => database?.destroy())

  it('reads 500 names through the store with exactly one SQL statement', async () => {
    const secrets = createSecrets({
      backend: kyselyBackend({ db: database.db, tablePrefix: database.tablePrefix }),
      keyring: Keyring.fromKeys({ keys: { a: generateMasterKey() } }),
      audit: memoryAuditSink(),
    })
    const s = secrets.scope({ tenant: 'store-batch' })
    for (const name of names) await s.set(name, `value of ${name}`)
    database.statements.length = 0
    const values = await s.getMany(names, { accessor: 'test' })
    expect(database.statements).toHaveLength(1)
    expect(database.statements[0]!.sql.toLowerCase()).toMatch(/^select /)
    expect(Object.keys(values)).toHaveLength(500)
    expect(values.NAME_123).toBe('value of NAME_123')
  })

  it('answers latest and pinned keys, repeats and absentees, in key order, in one statement', async () => {
    const backend = kyselyBackend({ db: database.db, tablePrefix: database.tablePrefix })
    const keys = [
      { name: 'NAME_010' },
      { name: 'NAME_010', version: 1 },
      { name: 'NAME_011' },
      { name: 'ABSENT' },
      { name: 'NAME_010', version: 3 },
      { name: 'NAME_010', version: 2 },
      { name: 'NAME_011', version: 1 },
      { name: 'NAME_010' },
      { name: 'NAME_011', version: 2_147_483_648 },
    ]
    database.statements.length = 0
    const records = await backend.getMany(scope, keys)
    expect(database.statements).toHaveLength(1)
    expect(records.map((r) => text(r?.payload))).toEqual([
      'NAME_010@2',
      'NAME_010@1',
      'NAME_011@1',
      null,
      null,
      'NAME_010@2',
      'NAME_011@1',
      'NAME_010@2',
      null,
    ])
    expect(records[0]).toMatchObject({ name: 'NAME_010', version: 2, createdBy: 'seed' })
    expect(records[1]).toMatchObject({ name: 'NAME_010', version: 1 })
  })

  it('reads only the asked scope', async () => {
    const backend = kyselyBackend({ db: database.db, tablePrefix: database.tablePrefix })
    expect(await backend.getMany(toScope({ tenant: 'other' }), [{ name: 'NAME_000' }])).toEqual([
      null,
    ])
    expect(await backend.getMany(toScope({}), [{ name: 'NAME_000' }])).toEqual([null])
  })

  it('splits into ceil(params / limit) statements only past the parameter limit', async () => {
    expect(MAX_BIND_PARAMETERS[target.dialect]).toBeGreaterThanOrEqual(32766)
    const backend = kyselyBackend({
      db: database.db,
      tablePrefix: database.tablePrefix,
      maxBindParameters: 52,
    })
    database.statements.length = 0
    // 500 latest keys at one parameter each, 50 per statement beside the scope hash.
    const latest = await backend.getMany(
      scope,
      names.map((name) => ({ name })),
    )
    expect(database.statements).toHaveLength(10)
    for (const statement of database.statements)
      expect(statement.parameters.length).toBeLessThanOrEqual(52)
    expect(latest.map((r) => text(r?.payload))).toEqual(
      names.map((name, i) => `${name}@${i % 10 === 0 ? 2 : 1}`),
    )
    database.statements.length = 0
    const pinned = await backend.getMany(
      scope,
      names.map((name) => ({ name, version: 1 })),
    )
    expect(database.statements).toHaveLength(20)
    expect(pinned.map((r) => text(r?.payload))).toEqual(names.map((name) => `${name}@1`))
  })

  it('reads 3000 pinned versions, past the SQLite expression depth of 1000, in one statement', async () => {
    const backend = kyselyBackend({ db: database.db, tablePrefix: database.tablePrefix })
    // Every name at version 1, then version 2 (present for every tenth), then a version that never existed.
    const keys = [1, 2, 7]
      .flatMap((version) => names.map((name) => ({ name, version })))
      .concat(names.map((name) => ({ name, version: 3 })))
      .concat(names.map((name) => ({ name, version: 4 })))
      .concat(names.map((name) => ({ name, version: 5 })))
    database.statements.length = 0
    const records = await backend.getMany(scope, keys)
    expect(database.statements).toHaveLength(1)
    expect(records.map((r) => text(r?.payload))).toEqual(
      keys.map(({ name, version }, i) =>
        version === 1 || (version === 2 && (i - names.length) % 10 === 0)
          ? `${name}@${version}`
          : null,
      ),
    )
  })

  it('rejects bad keys before any statement', async () => {
    const backend = kyselyBackend({ db: database.db, tablePrefix: database.tablePrefix })
    database.statements.length = 0
    for (const version of [0, -1, 1.5, Number.NaN, '1']) {
      await expect(
        backend.getMany(scope, [{ name: 'NAME_000', version: version as number }]),
      ).rejects.toBeInstanceOf(InvalidArgumentError)
    }
    await expect(backend.getMany(scope, [{ name: 'bad name' }])).rejects.toMatchObject({
      code: 'INVALID_NAME',
    })
    expect(database.statements).toHaveLength(0)
    expect(() =>
      kyselyBackend({
        db: database.db,
        tablePrefix: database.tablePrefix,
        maxBindParameters: 70_000,
      }),
    ).toThrow(InvalidArgumentError)
  })
})
