import { cpSync, mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { generateMasterKey } from '@secrets/core'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { BIN, cli, expectFailure, expectSuccess, runNode, tempDir } from './_cli.js'

const { dir, remove } = tempDir('environment')
afterAll(remove)

const KEY = generateMasterKey()
const sqlite = (name: string) => ({
  SECRETS_MASTER_KEY: KEY,
  SECRETS_DATABASE_URL: `file:${join(dir, name)}`,
})

describe('a bad environment: one clear error, a non-zero exit, no stack trace, no value', () => {
  it('an unknown backend exits 4 and lists the ones there are', async () => {
    const result = await cli(['list'], {
      env: { SECRETS_BACKEND: 'posgtres', SECRETS_MASTER_KEY: KEY },
    })
    expectFailure(result, 4, [KEY])
    expect(result.stderr).toBe(
      'secrets: The environment does not configure @secrets (1 problem):\n' +
        '- SECRETS_BACKEND: names no backend: use one of sqlite, postgres, mysql, memory, mongodb, hashicorp-vault, aws-secrets-manager, gcp-secret-manager\n',
    )
  })

  it('a malformed or missing master key exits 4 without echoing it', async () => {
    const short = Buffer.from('sixteen byte key').toString('base64')
    const malformed = await cli(['get', 'A'], {
      env: { ...sqlite('a.db'), SECRETS_MASTER_KEY: short },
    })
    expectFailure(malformed, 4, [short])
    expect(malformed.stderr).toContain('- SECRETS_MASTER_KEY: ')
    const missing = await cli(['get', 'A'], {
      env: { ...sqlite('a.db'), SECRETS_MASTER_KEY: undefined },
    })
    expectFailure(missing, 4)
    expect(missing.stderr).toContain('secrets keygen')
  })

  it('an unreachable database exits 5 without the password of its URL', async () => {
    const url = 'postgres://cli:pw-in-url-6d1e@127.0.0.1:1/secrets'
    const env = { SECRETS_BACKEND: 'postgres', SECRETS_DATABASE_URL: url, SECRETS_MASTER_KEY: KEY }
    const result = await cli(['get', 'A'], { env })
    expectFailure(result, 5, ['pw-in-url-6d1e', KEY])
    expect(result.stderr).toBe(
      'secrets: Migrating the secrets schema failed: connect ECONNREFUSED 127.0.0.1:1\n',
    )
    const debug = await cli(['get', 'A'], { env: { ...env, SECRETS_DEBUG: '1' } })
    expect(debug.code).toBe(5)
    expect(debug.stderr).toMatch(/\n\s+at /)
    expect(debug.stderr).not.toContain('pw-in-url-6d1e')
    expect(debug.stderr).not.toContain(KEY)
  })

  it('a URL of the wrong kind exits 4', async () => {
    const env = {
      SECRETS_BACKEND: 'postgres',
      SECRETS_DATABASE_URL: 'mysql://u:p@h/d',
      SECRETS_MASTER_KEY: KEY,
    }
    const result = await cli(['list'], { env })
    expectFailure(result, 4, ['mysql://u:p@h/d'])
  })

  it('a SQLite file in a missing directory exits 5', async () => {
    const env = {
      SECRETS_MASTER_KEY: KEY,
      SECRETS_DATABASE_URL: `file:${join(dir, 'no', 'such', 'dir.db')}`,
    }
    expectFailure(await cli(['list'], { env }), 5)
  })

  it('an audit file that cannot be opened is a configuration error (exit 4)', async () => {
    const env = { ...sqlite('b.db'), SECRETS_AUDIT: `file:${join(dir, 'no', 'audit.jsonl')}` }
    const result = await cli(['list'], { env })
    expectFailure(result, 4)
    expect(result.stderr).toMatch(
      /SECRETS_AUDIT: names the audit file .*audit\.jsonl.* cannot be opened for appending/,
    )
  })

  it('an audit table that refuses the event exits 5 (fail-closed), the value unread', async () => {
    const env = sqlite('c.db')
    expectSuccess(await cli(['set', 'GUARDED'], { env, input: 'guarded-value-3e9a' }))
    const db = new Database(join(dir, 'c.db'))
    db.exec('drop table secrets_access_log')
    db.close()
    const result = await cli(['get', 'GUARDED'], { env })
    expectFailure(result, 5, ['guarded-value-3e9a'])
    expect(result.stdout).toBe('')
  })

  it('a missing adapter package exits 4 and says what to install', async () => {
    // An install of @secrets/cli without @secrets/kysely: the built CLI and
    // @secrets/env copied into a node_modules of their own, their other
    // dependencies linked in, and no adapter anywhere above it.
    const app = join(dir, 'app', 'node_modules')
    const pkg = join(import.meta.dirname, '..')
    for (const name of ['cli', 'env']) {
      const from = join(pkg, '..', name)
      mkdirSync(join(app, '@secrets', name), { recursive: true })
      cpSync(join(from, 'package.json'), join(app, '@secrets', name, 'package.json'))
      cpSync(join(from, 'dist'), join(app, '@secrets', name, 'dist'), { recursive: true })
    }
    const links: Array<[string, string]> = [
      ['@secrets/core', join(pkg, 'node_modules', '@secrets', 'core')],
      ['zod', join(pkg, '..', 'env', 'node_modules', 'zod')],
      ...['commander', 'dotenv', 'yaml'].map((n): [string, string] => [
        n,
        join(pkg, 'node_modules', n),
      ]),
    ]
    for (const [name, target] of links) symlinkSync(realpathSync(target), join(app, name))
    const copy = join(app, '@secrets', 'cli', 'dist', 'cli.js')
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(BIN, 'utf8'))
    const result = await runNode([copy, 'list'], { env: sqlite('d.db') })
    expectFailure(result, 4, [KEY])
    expect(result.stderr).toBe(
      'secrets: The environment does not configure @secrets (1 problem):\n' +
        '- SECRETS_BACKEND: sqlite needs the @secrets/kysely package: npm install @secrets/kysely kysely better-sqlite3\n',
    )
  })
})
