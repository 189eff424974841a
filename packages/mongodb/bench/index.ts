/**
 * Benchmarks of @secrets/mongodb (`pnpm --filter @secrets/mongodb bench`),
 * against the server SECRETS_TEST_MONGODB_URL names (mongo-java-server from
 * scripts/services.sh). Figures are for comparison within one run, on this
 * machine: an in-memory emulator is no model of a real server's latency.
 */
import { printTable } from '@secrets/bench-kit'
import { ensureSecretsIndexes } from '../src/index.js'
import { openDatabase, type TestDatabase, url } from '../test/_server.js'
import { benchRekey } from './rekey.js'
import { benchResolveConfig } from './resolve-config.js'

async function withDatabase<T>(run: (database: TestDatabase) => Promise<T>): Promise<T> {
  const database = await openDatabase()
  try {
    await ensureSecretsIndexes(database.db, { collectionPrefix: database.collectionPrefix })
    return await run(database)
  } finally {
    await database.destroy()
  }
}

if (!url) {
  console.log(
    'MongoDB benchmarks skipped: SECRETS_TEST_MONGODB_URL is not set (eval "$(bash scripts/services.sh up mongodb)")',
  )
} else {
  printTable(
    'resolveConfig vs sequential get (audited to the access log collection; median of 5)',
    await withDatabase(benchResolveConfig),
  )
  const rekeyRows = []
  for (const records of [10_000, 100_000]) {
    rekeyRows.push(...(await withDatabase((database) => benchRekey(database, records))))
  }
  printTable(
    'rekey, key A -> key B (500 per page): the live heap stays flat while the collection grows tenfold',
    rekeyRows,
  )
}
