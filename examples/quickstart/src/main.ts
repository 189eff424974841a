/**
 * The @secrets quickstart: an embedded SQLite database, two tenants, a plugin
 * config resolved from placeholders, tenant isolation, a rotation, and the
 * access log. Safe to run again: it picks up where the last run left off.
 */
import { mkdirSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  ConflictError,
  createSecrets,
  maskConfig,
  resolveConfig,
  SecretsError,
} from '@secrets/core'
import { kyselyAuditSink, kyselyBackend, migrateSecretsSchema } from '@secrets/kysely'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { loadKeyring } from './dev-master-key.js'
import { line, note, section, table } from './print.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dataDir = process.env.QUICKSTART_DATA_DIR ?? join(root, 'data')
mkdirSync(dataDir, { recursive: true, mode: 0o700 })
const dbFile = join(dataDir, 'secrets.db')
/** A path as seen from where `pnpm demo` was typed. */
const shown = (p: string) => relative(process.env.INIT_CWD ?? process.cwd(), p) || p

console.log('@secrets quickstart')
const { keyring, origin } = loadKeyring(join(dataDir, 'master.key'))
line(`database    ${shown(dbFile)} (SQLite)`)
if ('variable' in origin) {
  line(`master key  from ${origin.variable}`)
} else {
  line(`master key  ${shown(origin.generatedFile)} (generated, mode 0600)`)
  line('warning     this key is for development only: set SECRETS_MASTER_KEY in production')
}

const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(dbFile) }) })
await migrateSecretsSchema(db)
const auditSink = kyselyAuditSink({ db })
const secrets = createSecrets({ backend: kyselyBackend({ db }), keyring, audit: auditSink })

const alice = secrets.scope({ tenant: 'acme', user: 'alice' })
const bob = secrets.scope({ tenant: 'globex', user: 'bob' })

section(1, 'Store secrets for two tenants (values are sealed before they reach SQLite)')
const seed: Array<[typeof alice, string, string, string, string]> = [
  [alice, 'acme/alice', 'SLACK_TOKEN', 'xoxb-acme-0001', 'Slack bot token'],
  [alice, 'acme/alice', 'GITHUB_TOKEN', 'ghp_acmeAcmeAcme0001', 'GitHub PAT for the MCP server'],
  [
    alice,
    'acme/alice',
    'DB_CREDS',
    JSON.stringify({ user: 'app', password: 'pa55-acme', port: 5432 }),
    'database login',
  ],
  [bob, 'globex/bob', 'SLACK_TOKEN', 'xoxb-globex-0001', 'Slack bot token'],
]
const stored: Array<Record<string, string>> = []
for (const [handle, owner, name, value, description] of seed) {
  try {
    const { version } = await handle.set(name, value, {
      accessor: 'quickstart',
      description,
      ifVersion: 0,
    })
    stored.push({ scope: owner, name, result: `created, version ${version}` })
  } catch (err) {
    if (!ConflictError.isInstance(err)) throw err
    stored.push({ scope: owner, name, result: 'already stored (kept)' })
  }
}
table(stored)

section(2, 'Resolve a plugin config for acme/alice')
const pluginConfig = {
  plugins: [
    { id: 'slack', settings: { token: '${SECRET:SLACK_TOKEN}', channel: '#alerts' } },
    {
      id: 'github-mcp',
      command: 'npx',
      args: ['-y', 'github-mcp-server'],
      env: {
        GITHUB_TOKEN: '${SECRET:GITHUB_TOKEN}',
        DATABASE_URL: 'postgres://app:${SECRET:DB_CREDS#password}@db:5432/app',
      },
    },
    { id: 'db', port: 'secret:DB_CREDS#port' },
  ],
}
const resolved = await resolveConfig(pluginConfig, {
  secrets: alice,
  accessor: 'plugin-host',
  reason: 'load plugins',
})
line('resolved (printed masked; the real values went to the plugins):')
for (const text of JSON.stringify(maskConfig(pluginConfig), null, 2).split('\n')) note(text)
line(
  `db.port came back as a ${typeof resolved.plugins[2]!.port} (${resolved.plugins[2]!.port}); every reference was read in one batch`,
)

section(3, "Tenant isolation: globex/bob asks for acme's GITHUB_TOKEN")
try {
  await bob.get('GITHUB_TOKEN', { accessor: 'user:bob', reason: 'curiosity' })
  throw new Error('isolation broken: bob read acme’s secret')
} catch (err) {
  if (!SecretsError.isInstance(err)) throw err
  line(`refused: ${err.name} (${err.code}): ${err.message}`)
}
const own = await bob.get('SLACK_TOKEN', { accessor: 'user:bob', reason: 'post alert' })
line(
  `globex/bob's own SLACK_TOKEN reads as usual (${own.length} characters): same name, another secret`,
)

section(4, 'Rotate acme/alice SLACK_TOKEN with a one-hour overlap')
const { version } = await alice.rotate('SLACK_TOKEN', `xoxb-acme-${Date.now()}`, {
  accessor: 'ops',
  overlapMs: 3_600_000,
})
const active = await alice.getActive('SLACK_TOKEN', {
  accessor: 'webhook-verifier',
  reason: 'verify signature',
})
line(
  `now at version ${version}; version ${active.previous?.version} stays valid until ${active.previous?.expiresAt.toISOString()}`,
)

section(5, 'Access log for acme/alice, newest first')
const page = await auditSink.query({ scope: { tenant: 'acme', user: 'alice' }, limit: 12 })
table(
  page.items.map((e) => ({
    time: e.time.toISOString().slice(11, 19),
    action: e.action,
    outcome: e.outcome,
    name: e.name ?? '',
    version: e.version === null ? '' : String(e.version),
    accessor: e.accessor ?? '',
    reason: e.reason ?? '',
  })),
)

await secrets.close()
await db.destroy()
console.log(`\nDone. Run it again (it is idempotent); delete ${shown(dataDir)} to start over.`)
