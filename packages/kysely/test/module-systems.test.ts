/**
 * Kysely's ESM and CommonJS builds are two copies with their own classes: an
 * instance made by one must work with this package's build of the other. The
 * built packages are loaded from dist (`pnpm build` first).
 */
import { createRequire } from 'node:module'
import { createSecrets, generateMasterKey, Keyring, memoryAuditSink } from '@secrets/core'
import Database from 'better-sqlite3'
import * as esm from 'kysely'
import { describe, expect, it } from 'vitest'
import * as source from '../src/index.js'

type Package = typeof source
type KyselyModule = typeof esm

const require = createRequire(import.meta.url)
const cjs = require('kysely') as KyselyModule

const sqlite = (kysely: KyselyModule) =>
  new kysely.Kysely<unknown>({
    dialect: new kysely.SqliteDialect({ database: new Database(':memory:') }),
  })

/** Migrates, writes and reads back through `pkg`, on an instance made by `kysely`. */
async function roundTrip(pkg: Package, kysely: KyselyModule): Promise<void> {
  const db = sqlite(kysely)
  try {
    const backend = pkg.kyselyBackend({ db })
    expect(backend.name).toBe('kysely:sqlite')
    expect((await pkg.migrateSecretsSchema(db)).applied).toHaveLength(2)
    const secrets = createSecrets({
      backend,
      keyring: Keyring.fromKeys({ keys: { k: generateMasterKey() } }),
      audit: memoryAuditSink(),
    })
    const scope = secrets.scope({ tenant: 'modules' })
    await scope.set('TOKEN', 'round-trip', { accessor: 'test' })
    expect(await scope.get('TOKEN', { accessor: 'test' })).toBe('round-trip')
    const sink = pkg.kyselyAuditSink({ db })
    await sink.write([
      {
        time: new Date(),
        action: 'read',
        outcome: 'success',
        scope: { tenant: 'modules' },
        name: 'TOKEN',
        version: 1,
        accessor: 'test',
        reason: null,
      },
    ])
    expect((await sink.query({ scope: { tenant: 'modules' } })).items).toHaveLength(1)
  } finally {
    await db.destroy()
  }
}

describe('Kysely instances from the other module system', () => {
  it('are two copies of Kysely, whose adapters fail each other’s instanceof', () => {
    expect(cjs.SqliteAdapter).not.toBe(esm.SqliteAdapter)
    expect(sqlite(cjs).getExecutor().adapter).not.toBeInstanceOf(esm.SqliteAdapter)
  })

  it('work with the ESM build given a Kysely from require()', async () => {
    await roundTrip(
      (await import(new URL('../dist/index.js', import.meta.url).href)) as Package,
      cjs,
    )
  })

  it('work with the CommonJS build given a Kysely from import', async () => {
    await roundTrip(require('../dist/index.cjs') as Package, esm)
  })

  it('are recognised with third-party adapters that extend either copy’s adapters', () => {
    const dialectWith = (kysely: KyselyModule, adapter: esm.DialectAdapter) =>
      new kysely.Kysely<unknown>({
        dialect: {
          createAdapter: () => adapter,
          createDriver: () => new kysely.DummyDriver(),
          createIntrospector: (db) => new kysely.PostgresIntrospector(db),
          createQueryCompiler: () => new kysely.PostgresQueryCompiler(),
        },
      })
    for (const kysely of [esm, cjs]) {
      class LitePostgresAdapter extends kysely.PostgresAdapter {}
      class LiteMysqlAdapter extends kysely.MysqlAdapter {}
      class LiteSqliteAdapter extends kysely.SqliteAdapter {}
      const names = [LitePostgresAdapter, LiteMysqlAdapter, LiteSqliteAdapter].map(
        (Adapter) => source.kyselyBackend({ db: dialectWith(kysely, new Adapter()) }).name,
      )
      expect(names).toEqual(['kysely:postgres', 'kysely:mysql', 'kysely:sqlite'])
    }
    // An adapter that extends none of them still needs "dialect".
    class OtherAdapter extends cjs.DialectAdapterBase {
      override get supportsReturning() {
        return true
      }
      async acquireMigrationLock() {}
      async releaseMigrationLock() {}
    }
    expect(() => source.kyselyBackend({ db: dialectWith(cjs, new OtherAdapter()) })).toThrow(
      /Unrecognised Kysely dialect \(adapter OtherAdapter\)/,
    )
  })
})
