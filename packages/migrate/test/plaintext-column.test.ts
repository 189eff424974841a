/**
 * migratePlaintextColumn and assertNoPlaintext on SQLite always and on
 * PostgreSQL when SECRETS_TEST_POSTGRES_URL is set, in tables with random
 * names beside the store's own tables: every row migrated exactly once,
 * plaintext cleared only after the value read back, and interrupted runs
 * (at each step) resumed by running again.
 */
import { BackendError, type ScopedSecrets, type SecretStore } from '@secrets/core'
import type { Kysely } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { assertNoPlaintext, migratePlaintextColumn, PlaintextRemainsError } from '../src/index.js'
import { skipWithout } from './_env.js'
import { openKysely, randomName, type SqlTarget, sqlStore, sqlTargets } from './_stores.js'

const ROWS = 25
const ctx = { accessor: 'test' }
const plaintextOf = (id: number) => `sk_live_${id}_${'x'.repeat(id % 7)}`

/** Wraps a store so that the k-th call of a handle method fails like a crash, before or after it runs. */
function crashing(
  secrets: SecretStore,
  method: 'set' | 'get',
  k: number,
  when: 'before' | 'after',
) {
  let calls = 0
  return {
    ...secrets,
    scope(input: Parameters<SecretStore['scope']>[0]): ScopedSecrets {
      const handle = secrets.scope(input)
      const wrapped = async (...args: unknown[]) => {
        calls++
        if (calls === k && when === 'before') throw new BackendError('simulated crash')
        const result = await (handle[method] as (...a: unknown[]) => Promise<unknown>)(...args)
        if (calls === k && when === 'after') throw new BackendError('simulated crash')
        return result
      }
      return { ...handle, [method]: wrapped } as ScopedSecrets
    },
  } as SecretStore
}

for (const target of sqlTargets) {
  const skip = target.dialect === 'postgres' && skipWithout('SECRETS_TEST_POSTGRES_URL')
  describe.skipIf(skip)(`migratePlaintextColumn (${target.dialect})`, () => {
    const opened: Array<Kysely<unknown>> = []
    afterEach(async () => {
      for (const db of opened.splice(0)) await db.destroy()
    })

    async function setup(log?: (sql: string) => void) {
      const db = openKysely(target as SqlTarget, log)
      opened.push(db)
      const table = randomName('integrations')
      await db.schema
        .createTable(table)
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('api_key', 'text')
        .addColumn('api_key_ref', 'text')
        .execute()
      const rows = Array.from({ length: ROWS }, (_, i) => ({
        id: i + 1,
        tenant_id: `t${i % 3}`,
        api_key: plaintextOf(i + 1),
        api_key_ref: null,
      }))
      const anyDb = db as unknown as Kysely<Record<string, Record<string, unknown>>>
      await anyDb.insertInto(table).values(rows).execute()
      await anyDb.insertInto(table).values({ id: 1000, tenant_id: 't0', api_key: null }).execute()
      const store = await sqlStore(db)
      const options = {
        db,
        table,
        key: 'id',
        valueColumn: 'api_key',
        refColumn: 'api_key_ref',
        name: (row: Record<string, unknown>) => `INTEGRATION_${row.id}`,
        scope: (row: Record<string, unknown>) => ({ tenant: String(row.tenant_id) }),
        batchSize: 10,
      }
      const check = { db, table, valueColumn: 'api_key' }
      /** Every row: plaintext gone, reference set, one version holding the old value. */
      const expectAllMigrated = async () => {
        const all = await anyDb.selectFrom(table).selectAll().orderBy('id').execute()
        for (const row of all.filter((r) => Number(r.id) <= ROWS)) {
          const id = Number(row.id)
          expect(row.api_key, `row ${id}`).toBeNull()
          expect(row.api_key_ref).toBe(`secret:INTEGRATION_${id}`)
          const scope = store.secrets.scope({ tenant: `t${(id - 1) % 3}` })
          expect(await scope.get(`INTEGRATION_${id}`, ctx)).toBe(plaintextOf(id))
          expect(await scope.versions(`INTEGRATION_${id}`, ctx)).toHaveLength(1)
        }
        await assertNoPlaintext(check)
      }
      return { db, anyDb, table, store, options, check, expectAllMigrated }
    }

    it('moves every value, leaves references, and clears plaintext after reading back', async () => {
      const timeline: string[] = []
      const t = await setup((sql) => {
        if (/^update .* set "api_key" = /i.test(sql)) timeline.push('clear')
      })
      const before = await assertNoPlaintext(t.check).catch((e: unknown) => e)
      expect(PlaintextRemainsError.isInstance(before)).toBe(true)
      expect((before as PlaintextRemainsError).rows).toBe(ROWS)
      expect(JSON.stringify(before)).not.toContain('sk_live')
      const events = t.store.audit
      const write = events.write.bind(events)
      events.write = (batch) => {
        for (const e of batch) if (e.reason === 'migrate:verify') timeline.push('verify')
        return write(batch)
      }
      const report = await migratePlaintextColumn({ ...t.options, secrets: t.store.secrets })
      expect(report).toEqual({ migrated: ROWS, written: ROWS, failed: [] })
      expect(timeline).toEqual(Array.from({ length: ROWS }, () => ['verify', 'clear']).flat())
      await t.expectAllMigrated()
      const again = await migratePlaintextColumn({ ...t.options, secrets: t.store.secrets })
      expect(again).toEqual({ migrated: 0, written: 0, failed: [] })
    })

    for (const [method, when, what] of [
      ['set', 'before', 'before a value is stored'],
      ['set', 'after', 'after a value is stored, before its reference'],
      ['get', 'before', 'after the reference, before the read-back'],
    ] as const) {
      it(`resumes after a crash ${what}`, async () => {
        const t = await setup()
        const crash = crashing(t.store.secrets, method, 13, when)
        await expect(migratePlaintextColumn({ ...t.options, secrets: crash })).rejects.toThrow(
          'simulated crash',
        )
        const left = await assertNoPlaintext(t.check).catch((e: PlaintextRemainsError) => e.rows)
        expect(left).toBe(ROWS - 12)
        const rerun = await migratePlaintextColumn({ ...t.options, secrets: t.store.secrets })
        expect(rerun.migrated).toBe(ROWS - 12)
        expect(rerun.written).toBe(method === 'set' && when === 'before' ? ROWS - 12 : ROWS - 13)
        await t.expectAllMigrated()
      })
    }

    it('stops between pages on an aborted signal, and resumes', async () => {
      const t = await setup()
      const controller = new AbortController()
      const run = migratePlaintextColumn({
        ...t.options,
        secrets: t.store.secrets,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      })
      await expect(run).rejects.toMatchObject({ code: 'ABORTED' })
      const rerun = await migratePlaintextColumn({ ...t.options, secrets: t.store.secrets })
      expect(rerun).toMatchObject({ migrated: ROWS - 10, written: ROWS - 10 })
      await t.expectAllMigrated()
    })

    it('leaves a row whose plaintext changed meanwhile, and reports it by key', async () => {
      const t = await setup()
      const secrets = {
        ...t.store.secrets,
        scope(input: Parameters<SecretStore['scope']>[0]): ScopedSecrets {
          const handle = t.store.secrets.scope(input)
          return {
            ...handle,
            async set(name, value, options) {
              if (name === 'INTEGRATION_5') {
                await t.anyDb
                  .updateTable(t.table)
                  .set({ api_key: 'rotated-meanwhile' })
                  .where('id', '=', 5)
                  .execute()
              }
              return handle.set(name, value, options)
            },
          }
        },
      } as SecretStore
      const report = await migratePlaintextColumn({ ...t.options, secrets })
      expect(report.failed).toEqual([{ key: '5', code: 'CONFLICT' }])
      expect(report.migrated).toBe(ROWS - 1)
      await expect(assertNoPlaintext(t.check)).rejects.toMatchObject({ rows: 1 })
    })
  })
}
