import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateMasterKey } from '@secrets/core'
import { afterAll, describe, expect, it } from 'vitest'
import { createSecretsFromEnv, InvalidEnvironmentError } from '../src/index.js'

const dir = mkdtempSync(join(tmpdir(), 'secrets-env-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const KEY = generateMasterKey()
const ctx = { accessor: 'test' }

/** Whether a server suite must be skipped (never in CI, where the server must be there). */
function skipWithout(variable: string): boolean {
  if (process.env[variable]) return false
  if (process.env.CI) throw new Error(`${variable} must be set in CI`)
  console.log(`[@secrets/env] a test skipped: ${variable} is not set (scripts/services.sh up)`)
  return true
}

describe('createSecretsFromEnv', () => {
  it('opens SQLite with its audit table and a JSON-lines file, and round-trips', async () => {
    const file = join(dir, 'audit.jsonl')
    const opened = await createSecretsFromEnv({
      SECRETS_DATABASE_URL: `file:${join(dir, 'a.db')}`,
      SECRETS_MASTER_KEY: KEY,
      SECRETS_AUDIT: `table,file:${file}`,
      SECRETS_CACHE_TTL: '30s',
    })
    const acme = opened.secrets.scope({ tenant: 'acme' })
    await acme.set('API_KEY', 'value-1', ctx)
    expect(await acme.get('API_KEY', ctx)).toBe('value-1')
    expect(opened.audit).toHaveLength(2)
    const table = opened.auditTable as unknown as {
      query(q: object): Promise<{ items: unknown[] }>
    }
    expect((await table.query({ scope: { tenant: 'acme' } })).items.length).toBe(2)
    await opened.close()
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines.map((e) => e.action)).toEqual(['write', 'read'])
    expect(readFileSync(file, 'utf8')).not.toContain('value-1')
  })

  it('opens the memory backend with no audit when asked', async () => {
    const opened = await createSecretsFromEnv({
      SECRETS_BACKEND: 'memory',
      SECRETS_MASTER_KEY: KEY,
      SECRETS_AUDIT: 'off',
    })
    await opened.secrets.scope({}).set('K', 'v', ctx)
    expect(opened.audit).toEqual([])
    await opened.close()
  })

  it('refuses an audit file that cannot be opened, at start-up', async () => {
    const error = await createSecretsFromEnv({
      SECRETS_BACKEND: 'memory',
      SECRETS_MASTER_KEY: KEY,
      SECRETS_AUDIT: `file:${join(dir, 'missing-dir', 'audit.jsonl')}`,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidEnvironmentError)
    expect((error as Error).message).toMatch(
      /SECRETS_AUDIT: names the audit file .* cannot be opened for appending \(ENOENT\)/,
    )
  })

  it('names the package to install when the adapter is missing', async () => {
    const missing = Object.assign(new Error("Cannot find package '@secrets/kysely'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    })
    const error = await createSecretsFromEnv(
      { SECRETS_MASTER_KEY: KEY },
      { importAdapter: () => Promise.reject(missing) },
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidEnvironmentError)
    expect((error as Error).message).toContain(
      'sqlite needs the @secrets/kysely package: npm install @secrets/kysely kysely better-sqlite3',
    )
  })

  it.skipIf(skipWithout('SECRETS_TEST_POSTGRES_URL'))('opens PostgreSQL from its URL', async () => {
    const opened = await createSecretsFromEnv({
      SECRETS_BACKEND: 'postgresql',
      SECRETS_DATABASE_URL: process.env.SECRETS_TEST_POSTGRES_URL!,
      SECRETS_TABLE_PREFIX: `env_${crypto.randomUUID().slice(0, 8)}_`,
      SECRETS_MASTER_KEY: KEY,
    })
    await opened.secrets.scope({ tenant: 'pg' }).set('K', 'v', ctx)
    expect(await opened.secrets.scope({ tenant: 'pg' }).get('K', ctx)).toBe('v')
    await opened.close()
  })

  it.skipIf(skipWithout('SECRETS_TEST_VAULT_ADDR'))(
    'opens Vault natively, with no master key',
    async () => {
      const opened = await createSecretsFromEnv({
        SECRETS_BACKEND: 'hashicorp-vault',
        VAULT_ADDR: process.env.SECRETS_TEST_VAULT_ADDR!,
        VAULT_TOKEN: process.env.SECRETS_TEST_VAULT_TOKEN!,
        VAULT_PATH_PREFIX: `env-${crypto.randomUUID().slice(0, 8)}`,
        SECRETS_AUDIT: `file:${join(dir, 'vault-audit.jsonl')}`,
      })
      await opened.secrets.scope({ tenant: 'v' }).set('K', 'v', ctx)
      expect(await opened.secrets.scope({ tenant: 'v' }).get('K', ctx)).toBe('v')
      await opened.secrets.scope({ tenant: 'v' }).delete('K', ctx)
      await opened.close()
    },
  )
})
