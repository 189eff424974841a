import { InvalidArgumentError, toScope } from '@secrets/core'
import Database from 'better-sqlite3'
import {
  CamelCasePlugin,
  type Dialect,
  Kysely,
  Migrator,
  NO_MIGRATIONS,
  SqliteDialect,
  sql,
} from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  kyselyAuditSink,
  kyselyBackend,
  migrateSecretsSchema,
  queryAccessLog,
  secretsMigrationProvider,
} from '../src/index.js'
import { describeEachDialect, openDatabase, type TestDatabase } from './_databases.js'

const MIGRATIONS = ['secrets_0001_initial', 'secrets_0002_access_log_time']

const put = {
  payload: () => new Uint8Array([1, 2, 3]),
  createdBy: null,
  previousExpiresAt: null,
  requestId: 'r',
}

describeEachDialect('migrations', (target) => {
  let database: TestDatabase

  beforeAll(async () => {
    database = await openDatabase(target)
  })
  afterAll(() => database?.destroy())

  it('are idempotent and keep their history in <prefix>migrations', async () => {
    expect(await migrateSecretsSchema(database.db, { tablePrefix: database.tablePrefix })).toEqual({
      applied: [],
    })
    const { rows } = await sql<{
      name: string
    }>`select name from ${sql.table(`${database.tablePrefix}migrations`)} order by name`.execute(
      database.db,
    )
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS)
  })

  it('run under a user-owned Migrator and migrate down again', async () => {
    const tablePrefix = `${database.tablePrefix}own_`
    const migrator = new Migrator({
      db: database.db,
      provider: secretsMigrationProvider({ tablePrefix }),
      migrationTableName: `${tablePrefix}migrations`,
      migrationLockTableName: `${tablePrefix}migrations_lock`,
    })
    const up = await migrator.migrateToLatest()
    expect(up.error).toBeUndefined()
    expect(up.results?.map((r) => r.status)).toEqual(['Success', 'Success'])
    const backend = kyselyBackend({ db: database.db, tablePrefix })
    await backend.put(toScope({ tenant: 'own' }), 'X', put)
    expect((await backend.get(toScope({ tenant: 'own' }), 'X'))?.version).toBe(1)
    // One step down drops the time index only: the data stays, and the index can be made again.
    const timeIndex = await migrator.migrateDown()
    expect(timeIndex.results?.map((r) => [r.migrationName, r.status])).toEqual([
      ['secrets_0002_access_log_time', 'Success'],
    ])
    expect((await backend.get(toScope({ tenant: 'own' }), 'X'))?.version).toBe(1)
    expect((await migrator.migrateUp()).error).toBeUndefined()
    const down = await migrator.migrateTo(NO_MIGRATIONS)
    expect(down.error).toBeUndefined()
    expect(down.results?.map((r) => r.status)).toEqual(['Success', 'Success'])
    await expect(backend.get(toScope({ tenant: 'own' }), 'X')).rejects.toMatchObject({
      code: 'BACKEND_ERROR',
    })
    for (const table of ['migrations', 'migrations_lock']) {
      await database.db.schema.dropTable(`${tablePrefix}${table}`).execute()
    }
  })

  it('ignore plugins on the instance, such as CamelCasePlugin', async () => {
    const camel = database.db.withPlugin(new CamelCasePlugin())
    const backend = kyselyBackend({ db: camel, tablePrefix: database.tablePrefix })
    const scope = toScope({ tenant: 'camel' })
    await backend.put(scope, 'CAMEL', { ...put, description: 'humps' })
    expect(await backend.get(scope, 'CAMEL')).toMatchObject({
      name: 'CAMEL',
      version: 1,
      description: 'humps',
    })
    expect((await backend.list(scope, { limit: 5 })).items).toMatchObject([
      { name: 'CAMEL', updatedBy: null },
    ])
    const sink = kyselyAuditSink({ db: camel, tablePrefix: database.tablePrefix })
    await sink.write([
      {
        time: new Date(),
        action: 'read',
        outcome: 'success',
        scope: { tenant: 'camel' },
        name: 'CAMEL',
        version: 1,
        accessor: 'a',
        reason: null,
        errorCode: 'X',
      },
    ])
    expect(
      (
        await queryAccessLog(camel, {
          tablePrefix: database.tablePrefix,
          scope: { tenant: 'camel' },
        })
      ).items,
    ).toMatchObject([{ name: 'CAMEL', errorCode: 'X' }])
  })
})

describe('options', () => {
  const db = new Kysely<unknown>({
    dialect: new SqliteDialect({ database: new Database(':memory:') }),
  })
  afterAll(() => db.destroy())

  it('reject a bad table prefix, a missing db and an unknown dialect', async () => {
    for (const tablePrefix of ['', '1x', 'a-b', 'x;drop', 'a b', 'x'.repeat(25)]) {
      expect(() => kyselyBackend({ db, tablePrefix })).toThrow(InvalidArgumentError)
      expect(() => kyselyAuditSink({ db, tablePrefix })).toThrow(InvalidArgumentError)
      await expect(migrateSecretsSchema(db, { tablePrefix })).rejects.toBeInstanceOf(
        InvalidArgumentError,
      )
    }
    expect(() => kyselyBackend({} as never)).toThrow(/needs "db"/)
    const foreign = new Kysely<unknown>({
      dialect: {
        createAdapter: () => ({}) as never,
        createDriver: () => ({}) as never,
        createIntrospector: () => ({}) as never,
        createQueryCompiler: () => ({}) as never,
      } satisfies Dialect,
    })
    expect(() => kyselyBackend({ db: foreign })).toThrow(/pass "dialect"/)
    expect(kyselyBackend({ db: foreign, dialect: 'postgres' }).name).toBe('kysely:postgres')
    expect(() => kyselyBackend({ db: foreign, dialect: 'oracle' as never })).toThrow(
      InvalidArgumentError,
    )
  })

  it('default to the secrets_ prefix', async () => {
    expect((await migrateSecretsSchema(db)).applied).toEqual(MIGRATIONS)
    const tables = (await db.introspection.getTables()).map((t) => t.name).sort()
    expect(tables).toEqual([
      'secrets_access_log',
      'secrets_heads',
      'secrets_migrations',
      'secrets_migrations_lock',
      'secrets_versions',
    ])
  })
})
