/**
 * The master-key rotation of docs/getting-started.md, end to end on each SQL
 * dialect: secrets written under SECRETS_MASTER_KEY, both keys listed under
 * labels, rekey, a check with keyUsage, the old key dropped, everything read.
 */
import { createSecrets, generateMasterKey, Keyring, RekeyIncompleteError } from '@secrets/core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { kyselyBackend } from '../src/index.js'
import { describeEachDialect, openDatabase, type TestDatabase } from './_databases.js'

const ctx = { accessor: 'ops', reason: 'rotation test' }

describeEachDialect('master-key rotation as documented', (target) => {
  let database: TestDatabase

  beforeAll(async () => {
    database = await openDatabase(target)
  })
  afterAll(async () => {
    await database?.destroy()
  })

  it('keeps every secret readable after the old key is dropped', async () => {
    const backend = kyselyBackend({ db: database.db, tablePrefix: database.tablePrefix })
    const oldKey = generateMasterKey()
    const newKey = generateMasterKey()
    const scopes: Array<Record<string, string>> = [
      { tenant: 'acme' },
      { tenant: 'acme', user: 'alice' },
      { tenant: 'globex' },
    ]
    const before = createSecrets({
      backend,
      keyring: Keyring.fromEnv({ SECRETS_MASTER_KEY: oldKey }),
      audit: false,
    })
    for (const [i, scope] of scopes.entries()) {
      await before.scope(scope).set('API_KEY', `key-${i}`)
      await before.scope(scope).rotate('API_KEY', `key-${i}-rotated`)
    }

    const labelled = Keyring.fromEnv({
      SECRETS_MASTER_KEYS: `old:${oldKey},new:${newKey}`,
      SECRETS_PRIMARY_KEY_ID: 'new',
    })
    const rotating = createSecrets({ backend, keyring: labelled, audit: false })
    const result = await rotating.rekey({ batchSize: 2 })
    expect(result).toMatchObject({ scanned: 6, rewrapped: 6, failed: [], primaryKeyId: 'new' })
    const usage = await rotating.keyUsage()
    expect(usage.keys.find((k) => k.label === 'old')?.records).toBe(0)
    expect(usage.keys.find((k) => k.label === 'new')?.records).toBe(6)

    const after = createSecrets({
      backend,
      keyring: Keyring.fromEnv({ SECRETS_MASTER_KEY: newKey }),
      audit: false,
    })
    for (const [i, scope] of scopes.entries()) {
      expect(await after.scope(scope).get('API_KEY', ctx)).toBe(`key-${i}-rotated`)
      expect(await after.scope(scope).get('API_KEY', { ...ctx, version: 1 })).toBe(`key-${i}`)
    }
  })

  it('refuses to report success while a record is under a key the ring lacks', async () => {
    const backend = kyselyBackend({ db: database.db, tablePrefix: database.tablePrefix })
    const stray = createSecrets({
      backend,
      keyring: Keyring.fromMasterKey(generateMasterKey()),
      audit: false,
    })
    await stray.scope({ tenant: 'stray' }).set('LOST', 'unreachable')
    const ring = Keyring.fromKeys({ keys: { only: generateMasterKey() } })
    const err = await createSecrets({ backend, keyring: ring, audit: false })
      .rekey()
      .catch((e: unknown) => e)
    expect(RekeyIncompleteError.isInstance(err)).toBe(true)
    expect((err as RekeyIncompleteError).result.failed).toContainEqual(
      expect.objectContaining({ name: 'LOST', code: 'UNKNOWN_KEY_ID' }),
    )
  })
})
