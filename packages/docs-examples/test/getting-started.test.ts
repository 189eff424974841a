/**
 * docs/getting-started.md, run end to end: its blocks, concatenated in page
 * order, in a fresh directory (the guide opens `secrets.db` there), with a
 * freshly generated SECRETS_MASTER_KEY, as a reader following the guide would.
 * Then the effects are checked from outside, through a second connection to
 * the same SQLite file. No assertion prints a value.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type ActiveSecret,
  createSecrets,
  generateMasterKey,
  Keyring,
  memoryAuditSink,
  type SecretStore,
} from '@secrets/core'
import {
  type AccessLogPage,
  type KyselyAuditSink,
  kyselyBackend,
  queryAccessLog,
} from '@secrets/kysely'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runnableProgram } from '../src/run.js'
import { generatedDir } from '../src/typecheck.js'

const PAGE = 'docs/getting-started.md'
const KEY_VARIABLES = [
  'SECRETS_MASTER_KEY',
  'SECRETS_MASTER_KEYS',
  'SECRETS_PRIMARY_KEY_ID',
] as const

/** What the guide's walk leaves in its top-level bindings. */
interface Walk {
  db: Kysely<unknown>
  secrets: SecretStore
  audit: KyselyAuditSink
  key: string
  config: { headers: { authorization: string } }
  current: ActiveSecret['current']
  previous: ActiveSecret['previous']
  page: AccessLogPage
}

const savedEnv = Object.fromEntries(KEY_VARIABLES.map((name) => [name, process.env[name]]))
const savedCwd = process.cwd()
let workDir: string
let ran: Walk | undefined
let walkError: unknown
let db: Kysely<unknown>

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'secrets-getting-started-'))
  for (const name of KEY_VARIABLES) delete process.env[name]
  process.env.SECRETS_MASTER_KEY = generateMasterKey()
  process.chdir(workDir)

  const program = runnableProgram(PAGE)
  const dir = join(generatedDir, 'run')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'getting-started.md.ts')
  writeFileSync(file, program.text)
  try {
    ran = (await import(file)) as Walk
  } catch (error) {
    walkError = error
  }
  db = new Kysely({
    dialect: new SqliteDialect({ database: new Database(join(workDir, 'secrets.db')) }),
  })
})

afterAll(async () => {
  await ran?.secrets?.close()
  await ran?.db?.destroy()
  await db?.destroy()
  process.chdir(savedCwd)
  for (const name of KEY_VARIABLES) {
    if (savedEnv[name] === undefined) delete process.env[name]
    else process.env[name] = savedEnv[name]
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true })
})

/** The walk's bindings; every test fails with the walk's own error when it did not run. */
function walked(): Walk {
  if (walkError !== undefined || ran === undefined) {
    throw new Error(`${PAGE} did not run to the end`, { cause: walkError })
  }
  return ran
}

/** A store over the walk's database, with the master key from the environment. */
function reopen(keyring = Keyring.fromEnv()) {
  const store = createSecrets({ backend: kyselyBackend({ db }), keyring, audit: memoryAuditSink() })
  return store.scope({ tenant: 'acme' })
}

describe(`${PAGE}, run end to end on SQLite`, () => {
  it('runs every block without an error', () => {
    if (walkError !== undefined) throw walkError
    const walk = walked()
    expect(existsSync(join(workDir, 'secrets.db'))).toBe(true)
    for (const name of ['db', 'secrets', 'audit', 'key', 'config', 'current', 'previous', 'page']) {
      expect(Object.keys(walk), `the guide no longer defines \`${name}\``).toContain(name)
    }
  })

  it('reads back the secret it set, with the master key from the environment', async () => {
    const walk = walked()
    const stored = await reopen().get('STRIPE_KEY', { accessor: 'test', reason: 'check the guide' })
    expect(stored.length).toBeGreaterThan(0)
    expect(walk.key === stored, 'acme.get in §4 returned what is stored').toBe(true)
  })

  it('keeps no plaintext in the database file', async () => {
    const stored = await reopen().get('STRIPE_KEY', { accessor: 'test' })
    for (const suffix of ['', '-wal']) {
      const path = join(workDir, `secrets.db${suffix}`)
      if (!existsSync(path)) continue
      expect(
        readFileSync(path).includes(Buffer.from(stored)),
        `plaintext in secrets.db${suffix}`,
      ).toBe(false)
    }
  })

  it('cannot be read with another master key', async () => {
    const other = Keyring.fromKeys({ primary: 'other', keys: { other: generateMasterKey() } })
    await expect(reopen(other).get('STRIPE_KEY', { accessor: 'test' })).rejects.toMatchObject({
      code: 'UNKNOWN_KEY_ID',
    })
  })

  it('resolves the config placeholder to the secret', () => {
    const walk = walked()
    expect(
      walk.config.headers.authorization === `Bearer ${walk.key}`,
      '§5 resolved the placeholder',
    ).toBe(true)
  })

  it('rotates WEBHOOK_KEY and keeps the previous version active during the overlap', async () => {
    const walk = walked()
    expect(walk.current.version).toBe(2)
    expect(walk.previous?.version).toBe(1)
    expect(walk.previous?.expiresAt.getTime()).toBeGreaterThan(Date.now())
    expect(walk.current.value !== walk.previous?.value, 'the rotation wrote a new value').toBe(true)

    const webhook = reopen()
    expect((await webhook.versions('WEBHOOK_KEY')).map((version) => version.version)).toEqual([
      2, 1,
    ])
    const active = await webhook.getActive('WEBHOOK_KEY', { accessor: 'test' })
    expect(active.current.value === walk.current.value, 'current reads back').toBe(true)
    expect(active.previous?.value === walk.previous?.value, 'previous reads back').toBe(true)
  })

  it('audits every step in the access log, and §7 reads it', async () => {
    const walk = walked()
    const log = await queryAccessLog(db, { scope: { tenant: 'acme' }, limit: 1000 })
    const events = log.items.map((event) => ({
      action: event.action,
      name: event.name,
      outcome: event.outcome,
      usedAt: event.usedAt,
    }))
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'write', name: 'STRIPE_KEY', outcome: 'success' }),
        expect.objectContaining({ action: 'read', name: 'STRIPE_KEY', outcome: 'success' }),
        expect.objectContaining({
          action: 'read',
          name: 'STRIPE_KEY',
          usedAt: ['headers.authorization'],
        }),
        expect.objectContaining({ action: 'rotate', name: 'WEBHOOK_KEY', outcome: 'success' }),
        expect.objectContaining({ action: 'read', name: 'WEBHOOK_KEY', outcome: 'success' }),
      ]),
    )
    expect(log.items.every((event) => event.outcome === 'success')).toBe(true)

    // §7's page: the STRIPE_KEY events, newest first.
    expect(walk.page.items.length).toBeGreaterThanOrEqual(3)
    expect(walk.page.items.every((event) => event.name === 'STRIPE_KEY')).toBe(true)
    const ids = walk.page.items.map((event) => BigInt(event.id))
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)))
  })
})
