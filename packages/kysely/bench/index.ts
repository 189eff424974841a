/**
 * Benchmarks of @secrets/kysely (`pnpm --filter @secrets/kysely bench`):
 * SQLite in a temporary file always, PostgreSQL when SECRETS_TEST_POSTGRES_URL
 * is set. Figures are for comparison within one run, on this machine.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { printTable } from '@secrets/bench-kit'
import { openDatabase, type Target, type TestDatabase } from '../test/_open-database.js'
import { benchRekey } from './rekey.js'
import { benchResolveConfig } from './resolve-config.js'

const dir = mkdtempSync(join(tmpdir(), 'secrets-kysely-bench-'))
const targets: Target[] = [{ dialect: 'sqlite', url: join(dir, 'bench.db') }]
if (process.env.SECRETS_TEST_POSTGRES_URL) {
  targets.push({ dialect: 'postgres', url: process.env.SECRETS_TEST_POSTGRES_URL })
} else {
  console.log(
    'PostgreSQL skipped: SECRETS_TEST_POSTGRES_URL is not set (eval "$(scripts/services.sh up postgres)")',
  )
}

async function withDatabase<T>(target: Target, run: (db: TestDatabase) => Promise<T>): Promise<T> {
  const database = await openDatabase(target, { record: false })
  if (target.dialect === 'sqlite') {
    const { sql } = await import('kysely')
    await sql`pragma journal_mode = wal`.execute(database.db)
  }
  try {
    return await run(database)
  } finally {
    await database.destroy()
  }
}

try {
  const resolveRows = []
  const rekeyRows = []
  for (const target of targets)
    resolveRows.push(...(await withDatabase(target, benchResolveConfig)))
  printTable(
    'resolveConfig vs sequential get (audited to the access log table; median of 5)',
    resolveRows,
  )
  for (const target of targets) {
    for (const records of [10_000, 100_000]) {
      rekeyRows.push(...(await withDatabase(target, (db) => benchRekey(db, records))))
    }
  }
  printTable(
    'rekey, key A -> key B (500 per page): the live heap stays flat while the table grows tenfold',
    rekeyRows,
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
