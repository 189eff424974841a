import { generateMasterKey, InvalidConfigError } from '@secrets/core'
import { describe, expect, it } from 'vitest'
import { BACKEND_NAMES, type InvalidEnvironmentError, loadSecretsEnv } from '../src/index.js'

const KEY = generateMasterKey()
const failure = (env: Record<string, string>) => {
  try {
    loadSecretsEnv(env)
  } catch (error) {
    return error as InvalidEnvironmentError
  }
  throw new Error('expected the environment to be refused')
}

describe('loadSecretsEnv', () => {
  it('defaults to SQLite with its audit table, and opens nothing', () => {
    const config = loadSecretsEnv({ SECRETS_MASTER_KEY: KEY })
    expect(config.backend).toBe('sqlite')
    expect(config.audit).toEqual([{ kind: 'table' }])
    expect(config.cacheTtlMs).toBeNull()
    expect(config.keyring?.keys).toHaveLength(1)
    expect(config.production).toBe(false)
  })

  it("accepts the seeds' spellings and backend aliases", () => {
    const gcp = loadSecretsEnv({ SECRETS_PROVIDER: 'gcp', GCP_PROJECT_ID: 'p1' })
    expect(gcp.backend).toBe('gcp-secret-manager')
    expect(gcp.env.GOOGLE_CLOUD_PROJECT).toBe('p1')
    expect(gcp.audit).toEqual([{ kind: 'stderr' }])
    const vault = loadSecretsEnv({
      SECRET_BACKEND: 'vault',
      VAULT_ADDR: 'https://vault:8200',
      VAULT_TOKEN: 't',
      VAULT_MOUNT: 'kv',
    })
    expect(vault.backend).toBe('hashicorp-vault')
    expect(vault.env.SECRETS_VAULT_MOUNT).toBe('kv')
    expect(vault.keyring).toBeNull() // native mode keeps values in Vault
  })

  it('refuses two spellings that disagree', () => {
    const error = failure({
      SECRETS_BACKEND: 'sqlite',
      SECRETS_PROVIDER: 'memory',
      SECRETS_MASTER_KEY: KEY,
    })
    expect(error.issues).toEqual([
      {
        variable: 'SECRETS_BACKEND',
        message: 'SECRETS_BACKEND and SECRETS_PROVIDER are all set and disagree: set one',
      },
    ])
  })

  it('lists every problem at once, each with its variable, as one InvalidConfigError', () => {
    const error = failure({
      SECRETS_BACKEND: 'hashicorp-vault',
      VAULT_ADDR: 'vault:8200',
      SECRETS_VAULT_CLIENT_SIDE_ENCRYPTION: '1',
      SECRETS_AUDIT: 'stderr,syslog',
      SECRETS_CACHE_TTL: 'soon',
    })
    expect(error).toBeInstanceOf(InvalidConfigError)
    expect(error.code).toBe('INVALID_CONFIG')
    expect(error.problem).toBe('environment')
    expect(error.issues.map((i) => i.variable)).toEqual([
      'SECRETS_AUDIT',
      'SECRETS_CACHE_TTL',
      'SECRETS_MASTER_KEY',
      'VAULT_ADDR',
      'VAULT_TOKEN',
    ])
    expect(error.message).toContain('- VAULT_TOKEN: is not set: the Vault backend needs a token')
    expect(error.message).toContain('secrets keygen')
  })

  it('never echoes a value: keys, tokens, URLs with passwords, unknown names', () => {
    const values = {
      SECRETS_BACKEND: 'postgres-unknown-xyz',
      SECRETS_MASTER_KEY: 'not-a-key-but-secret-1234',
      SECRETS_CACHE_TTL: 'ttl-value-5678',
    }
    const unknown = failure(values)
    const pg = failure({
      SECRETS_BACKEND: 'postgres',
      SECRETS_DATABASE_URL: 'mysql://app:hunter2-password@db/app',
      SECRETS_MASTER_KEY: KEY,
    })
    const vault = failure({
      SECRETS_BACKEND: 'vault',
      VAULT_ADDR: 'ftp://x',
      VAULT_TOKEN: 'hvs.token-9999',
    })
    for (const error of [unknown, pg, vault]) {
      const shown = `${error.message}\n${JSON.stringify(error)}`
      for (const secret of [...Object.values(values), 'hunter2', 'hvs.token-9999', KEY]) {
        expect(shown).not.toContain(secret)
      }
    }
    expect(unknown.message).toContain(`use one of ${BACKEND_NAMES.join(', ')}`)
    expect(pg.issues[0]).toEqual({
      variable: 'SECRETS_DATABASE_URL',
      message: 'must be a URL starting with postgres:// or postgresql://',
    })
  })

  it('refuses memory and audit off in production, unless off is meant', () => {
    const memory = failure({
      SECRETS_BACKEND: 'memory',
      NODE_ENV: 'production',
      SECRETS_MASTER_KEY: KEY,
    })
    expect(memory.issues[0]?.message).toMatch(/refused when NODE_ENV=production/)
    const off = { SECRETS_AUDIT: 'off', NODE_ENV: 'production', SECRETS_MASTER_KEY: KEY }
    expect(failure(off).issues[0]?.message).toMatch(/SECRETS_AUDIT_ALLOW_OFF=1/)
    expect(loadSecretsEnv({ ...off, SECRETS_AUDIT_ALLOW_OFF: '1' }).audit).toEqual([
      { kind: 'off' },
    ])
    expect(
      failure({ SECRETS_AUDIT: 'off,stderr', SECRETS_MASTER_KEY: KEY }).issues[0]?.message,
    ).toMatch(/cannot be combined/)
  })

  it('reads audit targets, the cache TTL and refuses a table the backend lacks', () => {
    const config = loadSecretsEnv({
      SECRETS_AUDIT: 'table, stderr ,file:/var/log/secrets.jsonl',
      SECRETS_CACHE_TTL: '5m',
      SECRETS_MASTER_KEY: KEY,
    })
    expect(config.audit).toEqual([
      { kind: 'table' },
      { kind: 'stderr' },
      { kind: 'file', path: '/var/log/secrets.jsonl' },
    ])
    expect(config.cacheTtlMs).toBe(300_000)
    expect(
      loadSecretsEnv({ SECRETS_CACHE_TTL: '0', SECRETS_MASTER_KEY: KEY }).cacheTtlMs,
    ).toBeNull()
    const aws = failure({ SECRETS_BACKEND: 'aws', AWS_REGION: 'eu-west-1', SECRETS_AUDIT: 'table' })
    expect(aws.issues[0]?.message).toMatch(/has no audit table/)
  })

  it("checks the master keys with the keyring's own rules", () => {
    expect(failure({ SECRETS_MASTER_KEY: 'short' }).issues[0]?.variable).toBe('SECRETS_MASTER_KEY')
    expect(
      failure({ SECRETS_MASTER_KEYS: `a:${KEY}`, SECRETS_PRIMARY_KEY_ID: 'b' }).issues[0]?.variable,
    ).toBe('SECRETS_PRIMARY_KEY_ID')
    expect(failure({ SECRETS_PRIMARY_KEY_ID: 'a' }).issues[0]?.message).toMatch(
      /no SECRETS_MASTER_KEYS/,
    )
    const two = loadSecretsEnv({
      SECRETS_MASTER_KEYS: `a:${KEY},b:${generateMasterKey()}`,
      SECRETS_PRIMARY_KEY_ID: 'b',
    })
    expect(two.keyring?.primaryId).toBe('b')
  })
})
