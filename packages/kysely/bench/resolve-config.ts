/**
 * `resolveConfig` with 1000 references to 300 names, beside 1000 sequential
 * `get`s of the same names, on one database: SQL statements issued and time.
 * Both are audited to the access log table, as in production.
 */
import { timeRounds } from '@secrets/bench-kit'
import { createSecrets, generateMasterKey, Keyring, resolveConfig } from '@secrets/core'
import { kyselyAuditSink, kyselyBackend } from '../src/index.js'
import type { TestDatabase } from '../test/_open-database.js'

const NAMES = 300
const REFERENCES = 1000
const ROUNDS = 5

/** One row of the resolve table. */
export interface ResolveRow extends Record<string, string | number> {}

/** Measures one database. */
export async function benchResolveConfig(database: TestDatabase): Promise<ResolveRow[]> {
  const options = { db: database.db, tablePrefix: database.tablePrefix }
  const secrets = createSecrets({
    backend: kyselyBackend(options),
    keyring: Keyring.fromKeys({ keys: { a: generateMasterKey() } }),
    audit: kyselyAuditSink(options),
  })
  const scope = secrets.scope({ tenant: 'bench', user: 'resolver' })
  const names = Array.from({ length: NAMES }, (_, i) => `SERVICE_${i}_TOKEN`)
  for (const name of names) await scope.set(name, `token-${name}-${'x'.repeat(40)}`)
  const config = {
    plugins: Array.from({ length: REFERENCES }, (_, i) => ({
      id: `plugin-${i}`,
      env: { TOKEN: `\${SECRET:${names[i % NAMES]}}`, RETRIES: 3 },
    })),
  }
  const ctx = { accessor: 'bench', reason: 'load config' }

  const resolve = () => resolveConfig(config, { secrets: scope, ...ctx })
  const sequential = async () => {
    for (let i = 0; i < REFERENCES; i++) await scope.get(names[i % NAMES]!, ctx)
  }
  const count = async (run: () => Promise<unknown>) => {
    const before = database.statementCount()
    await run()
    return database.statementCount() - before
  }
  const resolveStatements = await count(resolve)
  const sequentialStatements = await count(sequential)
  const resolveName = `resolveConfig, ${REFERENCES} refs to ${NAMES} names`
  const sequentialName = `${REFERENCES} sequential get (baseline)`
  const ms = await timeRounds(
    [
      { name: resolveName, run: resolve },
      { name: sequentialName, run: sequential },
    ],
    ROUNDS,
  )
  const base = ms.get(sequentialName)!
  const resolveMs = ms.get(resolveName)!
  return [
    {
      database: database.dialect,
      operation: sequentialName,
      'SQL statements': sequentialStatements,
      'median ms': base.toFixed(1),
      speed: '1.00x',
    },
    {
      database: database.dialect,
      operation: resolveName,
      'SQL statements': resolveStatements,
      'median ms': resolveMs.toFixed(1),
      speed: `${(base / resolveMs).toFixed(1)}x`,
    },
  ]
}
