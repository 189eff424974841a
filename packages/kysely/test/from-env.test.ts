import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  BackendError,
  createSecrets,
  generateMasterKey,
  InvalidArgumentError,
  Keyring,
} from '@secrets/core'
import { afterAll, describe, expect, it } from 'vitest'
import { kyselyBackendFromEnv } from '../src/index.js'
import { describeEachDialect } from './_databases.js'

const dir = mkdtempSync(join(tmpdir(), 'secrets-kysely-env-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describeEachDialect('kyselyBackendFromEnv', (target) => {
  it('opens, migrates and round-trips through the store, with the audit table', async () => {
    const url = target.dialect === 'sqlite' ? `file:${join(dir, 'env.db')}` : target.url
    const tablePrefix = `env_${crypto.randomUUID().slice(0, 8)}_`
    const opened = await kyselyBackendFromEnv(
      { SECRETS_DATABASE_URL: url, SECRETS_TABLE_PREFIX: tablePrefix },
      target.dialect,
    )
    try {
      const keyring = Keyring.fromKeys({ keys: { a: generateMasterKey() } })
      const secrets = createSecrets({ backend: opened.backend, keyring, audit: opened.audit! })
      const handle = secrets.scope({ tenant: 'env' })
      await handle.set('K', 'v', { accessor: 'test' })
      expect(await handle.get('K', { accessor: 'test' })).toBe('v')
      const sink = opened.audit as unknown as {
        query: (q: object) => Promise<{ items: unknown[] }>
      }
      expect((await sink.query({ scope: { tenant: 'env' } })).items.length).toBeGreaterThan(0)
    } finally {
      await opened.close()
    }
  })
})

describe('kyselyBackendFromEnv checks', () => {
  it('needs a URL of the dialect, and never echoes it', async () => {
    const secretUrl = 'mysql://user:hunter2-password@db:3306/app'
    await expect(kyselyBackendFromEnv({}, 'postgres')).rejects.toThrow(
      /SECRETS_DATABASE_URL is not set: the postgres backend needs it/,
    )
    const error = await kyselyBackendFromEnv({ SECRETS_DATABASE_URL: secretUrl }, 'postgres').catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(InvalidArgumentError)
    expect((error as Error).message).toMatch(/must be a postgres:\/\/ URL/)
    expect((error as Error).message).not.toContain('hunter2')
    await expect(
      kyselyBackendFromEnv({ SECRETS_DATABASE_URL: 'postgres://h/db' }, 'sqlite'),
    ).rejects.toThrow(/file:PATH/)
  })

  it('says a SQLite file in a missing directory cannot be opened, as a BackendError', async () => {
    const error = await kyselyBackendFromEnv(
      { SECRETS_DATABASE_URL: `file:${join(dir, 'no', 'such', 'dir', 'a.db')}` },
      'sqlite',
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BackendError)
    expect((error as Error).message).toMatch(/cannot be opened.*directory exists/)
  })

  it('defaults SQLite to file:./secrets.db in the working directory', async () => {
    const cwd = process.cwd()
    process.chdir(dir)
    try {
      const opened = await kyselyBackendFromEnv({}, 'sqlite')
      await opened.close()
    } finally {
      process.chdir(cwd)
    }
    const { existsSync } = await import('node:fs')
    expect(existsSync(join(dir, 'secrets.db'))).toBe(true)
  })
})
