/**
 * Benchmark of @secrets/migrate (`pnpm --filter @secrets/migrate bench`):
 * importing 10,000 `.env` entries with `importSecrets(dotenvSource(…))`
 * beside `secrets.set` of the same entries in a plain loop, in the same run,
 * into SQLite (a temporary file, WAL) always and PostgreSQL when
 * SECRETS_TEST_POSTGRES_URL is set, audited to the access log table as in
 * production. Each run writes into a scope of its own, so every run creates
 * all 10,000; a third row imports into a scope that already holds them (all
 * unchanged, nothing written). Only the ratios within one run mean anything.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { printTable, timeRounds } from '@secrets/bench-kit'
import { createSecrets, generateMasterKey, Keyring } from '@secrets/core'
import { kyselyAuditSink, kyselyBackend, migrateSecretsSchema } from '@secrets/kysely'
import { type Kysely, sql } from 'kysely'
import { dotenvSource, importSecrets } from '../src/index.js'
import { openKysely, randomName, type SqlTarget } from '../test/_stores.js'

const ENTRIES = 10_000
const ROUNDS = 2
const dir = mkdtempSync(join(tmpdir(), 'secrets-migrate-bench-'))
const targets: SqlTarget[] = [{ dialect: 'sqlite', url: join(dir, 'bench.db') }]
if (process.env.SECRETS_TEST_POSTGRES_URL) {
  targets.push({ dialect: 'postgres', url: process.env.SECRETS_TEST_POSTGRES_URL })
} else {
  console.log(
    'PostgreSQL skipped: SECRETS_TEST_POSTGRES_URL is not set (eval "$(scripts/services.sh up postgres)")',
  )
}

/** A `.env` file of 10,000 entries, shaped like real ones. */
const text = Array.from(
  { length: ENTRIES },
  (_, i) => `SERVICE_${i}_API_KEY="sk_live_${i.toString(36).padStart(8, '0')}${'a'.repeat(32)}"`,
).join('\n')

async function benchTarget(target: SqlTarget): Promise<Array<Record<string, string | number>>> {
  const db = openKysely(target)
  const tablePrefix = `${randomName('b')}_`
  try {
    if (target.dialect === 'sqlite') await sql`pragma journal_mode = wal`.execute(db)
    await migrateSecretsSchema(db, { tablePrefix })
    const secrets = createSecrets({
      backend: kyselyBackend({ db, tablePrefix }),
      keyring: Keyring.fromKeys({ keys: { k: generateMasterKey() } }),
      audit: kyselyAuditSink({ db, tablePrefix }),
    })
    let run = 0
    const fresh = () => ({ bench: `run-${run++}` })
    const names = {
      importing: `importSecrets(dotenvSource), ${ENTRIES} new`,
      loop: `secrets.set in a plain loop, ${ENTRIES} (baseline)`,
      again: `importSecrets again, ${ENTRIES} unchanged`,
    }
    const again = { bench: 'again' }
    await importSecrets(secrets, dotenvSource({ text, scope: again }))
    const ms = await timeRounds(
      [
        {
          name: names.importing,
          run: async () => {
            const report = await importSecrets(secrets, dotenvSource({ text, scope: fresh() }))
            if (report.created !== ENTRIES) throw new Error('the import did not create every entry')
          },
        },
        {
          name: names.loop,
          run: async () => {
            const scope = secrets.scope(fresh())
            for (const entry of dotenvSource({ text, scope: {} })) {
              await scope.set(entry.name, entry.value as string, { accessor: 'job:migrate' })
            }
          },
        },
        {
          name: names.again,
          run: async () => {
            const report = await importSecrets(secrets, dotenvSource({ text, scope: again }))
            if (report.unchanged !== ENTRIES) throw new Error('the rerun was not all unchanged')
          },
        },
      ],
      ROUNDS,
    )
    const base = ms.get(names.loop)!
    return Object.values(names).map((name) => ({
      database: target.dialect,
      approach: name,
      'median s': (ms.get(name)! / 1000).toFixed(2),
      'secrets/s': Math.round(ENTRIES / (ms.get(name)! / 1000)),
      'ratio vs loop': name === names.loop ? '1.00 (baseline)' : (base / ms.get(name)!).toFixed(2),
    }))
  } finally {
    for (const table of ['access_log', 'versions', 'heads', 'migrations', 'migrations_lock']) {
      await (db as Kysely<unknown>).schema.dropTable(`${tablePrefix}${table}`).ifExists().execute()
    }
    await db.destroy()
  }
}

try {
  const rows = []
  for (const target of targets) rows.push(...(await benchTarget(target)))
  printTable(
    `import ${ENTRIES.toLocaleString('en-US')} .env entries (audited to the access log table; median of ${ROUNDS} alternating rounds)`,
    rows,
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
