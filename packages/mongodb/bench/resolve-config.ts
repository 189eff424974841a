/**
 * `resolveConfig` with 1000 references to 300 names, beside 1000 sequential
 * `get`s of the same names, on one database: commands sent and time. Both
 * are audited to the access log collection, as in production.
 */
import { timeRounds } from '@secrets/bench-kit'
import { createSecrets, generateMasterKey, Keyring, resolveConfig } from '@secrets/core'
import { mongoAuditSink, mongoBackend } from '../src/index.js'
import type { TestDatabase } from '../test/_server.js'

const NAMES = 300
const REFERENCES = 1000
const ROUNDS = 5

/** One row of the resolve table. */
export interface ResolveRow extends Record<string, string | number> {}

/** Measures one database. */
export async function benchResolveConfig(database: TestDatabase): Promise<ResolveRow[]> {
  const options = { db: database.db, collectionPrefix: database.collectionPrefix }
  const secrets = createSecrets({
    backend: mongoBackend(options),
    keyring: Keyring.fromKeys({ keys: { a: generateMasterKey() } }),
    audit: mongoAuditSink(options),
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
    database.commands.length = 0
    await run()
    const reads = database.commands.filter((c) => c === 'find').length
    return `${database.commands.length} (${reads} find)`
  }
  const resolveCommands = await count(resolve)
  const sequentialCommands = await count(sequential)
  const resolveName = `resolveConfig, ${REFERENCES} refs to ${NAMES} names`
  const sequentialName = `${REFERENCES} sequential get (baseline)`
  const ms = await timeRounds(
    [
      { name: resolveName, run: resolve },
      { name: sequentialName, run: sequential },
    ],
    ROUNDS,
    { before: () => (database.commands.length = 0) },
  )
  const base = ms.get(sequentialName)!
  const resolveMs = ms.get(resolveName)!
  return [
    {
      operation: sequentialName,
      commands: sequentialCommands,
      'median ms': base.toFixed(1),
      speed: '1.00x',
    },
    {
      operation: resolveName,
      commands: resolveCommands,
      'median ms': resolveMs.toFixed(1),
      speed: `${(base / resolveMs).toFixed(1)}x`,
    },
  ]
}
