/**
 * `resolveConfig` with 1000 references to 300 names, beside 1000 sequential
 * `get`s of the same names, on one database: SQL statements issued and time.
 * Both are audited to the access log table, as in production.
 */
import { createSecrets, generateMasterKey, Keyring, resolveConfig } from '@secrets/core'
import { kyselyAuditSink, kyselyBackend } from '../src/index.js'
import type { TestDatabase } from '../test/_open-database.js'
import { median, time } from './_report.js'

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
  const resolveMs: number[] = []
  const sequentialMs: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    resolveMs.push(await time(resolve))
    sequentialMs.push(await time(sequential))
  }
  const base = median(sequentialMs)
  return [
    {
      database: database.dialect,
      operation: `${REFERENCES} sequential get (baseline)`,
      'SQL statements': sequentialStatements,
      'median ms': base.toFixed(1),
      speed: '1.00x',
    },
    {
      database: database.dialect,
      operation: `resolveConfig, ${REFERENCES} refs to ${NAMES} names`,
      'SQL statements': resolveStatements,
      'median ms': median(resolveMs).toFixed(1),
      speed: `${(base / median(resolveMs)).toFixed(1)}x`,
    },
  ]
}
