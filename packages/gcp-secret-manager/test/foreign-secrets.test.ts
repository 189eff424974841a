/**
 * Secrets made outside the library (the console, gcloud, Terraform), read
 * and taken over by a backend with no prefix and the scope `{}`.
 */
import { ConflictError, createSecrets, memoryAuditSink } from '@secrets/core'
import { describe, expect, it } from 'vitest'
import { gcpSecretManagerBackend } from '../src/index.js'
import { PROJECT, secretPath, useFake, versionStates } from './_harness.js'

const ctx = { accessor: 'test', reason: 'test' }
const h = useFake()
const store = () =>
  createSecrets({
    backend: gcpSecretManagerBackend({ client: h.client, project: PROJECT }),
    audit: memoryAuditSink(),
  }).scope({})

/** Creates a secret the way another tool would: no labels, no annotations. */
async function outside(id: string, values: string[]): Promise<void> {
  await h.client.createSecret({
    parent: `projects/${PROJECT}`,
    secretId: id,
    secret: { replication: { automatic: {} } },
  })
  for (const value of values) {
    await h.client.addSecretVersion({
      parent: secretPath(id),
      payload: { data: Buffer.from(value) },
    })
  }
}
const versionOf = (id: string, n: number) => ({ name: `${secretPath(id)}/versions/${n}` })

describe('secrets made outside the library', () => {
  it('reads an id without __ by its own name, at GCP version numbers', async () => {
    await outside('LEGACY_API_KEY', ['one', 'two'])
    const s = store()
    expect(await s.get('LEGACY_API_KEY', ctx)).toBe('two')
    expect(await s.get('LEGACY_API_KEY', { ...ctx, version: 1 })).toBe('one')
    const versions = await s.versions('LEGACY_API_KEY')
    expect(versions.map((v) => [v.version, v.createdBy, v.description])).toEqual([
      [2, null, null],
      [1, null, null],
    ])
    const item = (await s.list()).items.find((i) => i.name === 'LEGACY_API_KEY')
    expect(item).toMatchObject({ version: 2, description: null, updatedBy: null })
  })

  it('reads the newest enabled version when the newest is disabled', async () => {
    await outside('LEGACY_DISABLED', ['good', 'bad'])
    await h.client.disableSecretVersion(versionOf('LEGACY_DISABLED', 2))
    const s = store()
    expect(await s.get('LEGACY_DISABLED', ctx)).toBe('good')
    expect(await s.readMany([{ name: 'LEGACY_DISABLED', version: 2 }], ctx)).toEqual([null])
    expect((await s.versions('LEGACY_DISABLED')).map((v) => v.version)).toEqual([1])
    expect((await s.list({ prefix: 'LEGACY_DISABLED' })).items[0]?.version).toBe(1)
  })

  it('reads a destroyed version as absent, never as empty; all destroyed is absent', async () => {
    await outside('LEGACY_DESTROYED', ['gone', 'kept'])
    await h.client.destroySecretVersion(versionOf('LEGACY_DESTROYED', 1))
    await outside('LEGACY_ALL_GONE', ['x'])
    await h.client.destroySecretVersion(versionOf('LEGACY_ALL_GONE', 1))
    const s = store()
    expect(await s.readMany([{ name: 'LEGACY_DESTROYED', version: 1 }], ctx)).toEqual([null])
    expect(await s.get('LEGACY_DESTROYED', ctx)).toBe('kept')
    expect(await s.readMany([{ name: 'LEGACY_ALL_GONE' }], ctx)).toEqual([null])
    expect(await s.versions('LEGACY_ALL_GONE')).toEqual([])
    const names = (await s.list({ prefix: 'LEGACY_' })).items.map((i) => i.name)
    expect(names).toContain('LEGACY_DESTROYED')
    expect(names).not.toContain('LEGACY_ALL_GONE')
  })

  it('takes a secret over: numbered after its highest version, compare-and-set on GCP numbers', async () => {
    await outside('LEGACY_TAKEN', ['a', 'b', 'c'])
    await h.client.disableSecretVersion(versionOf('LEGACY_TAKEN', 3))
    const s = store()
    await expect(s.set('LEGACY_TAKEN', 'x', { ifVersion: 0 })).rejects.toBeInstanceOf(ConflictError)
    await expect(s.set('LEGACY_TAKEN', 'x', { ifVersion: 3 })).rejects.toBeInstanceOf(ConflictError)
    expect(await s.set('LEGACY_TAKEN', 'd', { ifVersion: 2, accessor: 'lib' })).toEqual({
      version: 4,
    })
    expect(await s.get('LEGACY_TAKEN', ctx)).toBe('d')
    const versions = await s.versions('LEGACY_TAKEN')
    expect(versions.map((v) => [v.version, v.createdBy])).toEqual([
      [4, 'lib'],
      [2, null],
      [1, null],
    ])
    const [secret] = await h.client.getSecret({ name: secretPath('LEGACY_TAKEN') })
    expect(secret.annotations?.['secrets-latest']).toBe('4')
    expect(secret.labels).toEqual({}) // labels are set on create only
    // Another tool adding a version later does not move the library's latest.
    await h.client.addSecretVersion({
      parent: secretPath('LEGACY_TAKEN'),
      payload: { data: Buffer.from('from gcloud') },
    })
    expect(await s.get('LEGACY_TAKEN', ctx)).toBe('d')
    expect(await s.readMany([{ name: 'LEGACY_TAKEN', version: 5 }], ctx)).toEqual([null])
    // The next write predicts 5, GCP gives 6: that version is disabled and the write goes again.
    expect((await s.rotate('LEGACY_TAKEN', 'e')).version).toBe(7)
    expect(Object.fromEntries(await versionStates(h.client, 'LEGACY_TAKEN'))).toEqual({
      1: 'ENABLED',
      2: 'ENABLED',
      3: 'DISABLED',
      4: 'ENABLED',
      5: 'ENABLED',
      6: 'DISABLED',
      7: 'ENABLED',
    })
    expect((await s.versions('LEGACY_TAKEN')).map((v) => v.version)).toEqual([7, 4, 2, 1])
  })

  it('skips ids that are not the canonical encoding of a name', async () => {
    await outside('A__B', ['double underscore'])
    await outside('__41LIAS', ['escape of A'])
    const s = store()
    const names = (await s.list({ limit: 1000 })).items.map((i) => i.name)
    expect(names).not.toContain('A__B')
    expect(names).not.toContain('ALIAS')
    // The name A__B is the id A__5F_B, so the id A__B is out of reach.
    expect(await s.readMany([{ name: 'A__B' }], ctx)).toEqual([null])
  })
})
