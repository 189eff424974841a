import {
  createSecrets,
  InvalidArgumentError,
  InvalidValueError,
  memoryAuditSink,
  toScope,
} from '@secrets/core'
import { describe, expect, it } from 'vitest'
import { gcpSecretManagerBackend } from '../src/index.js'
import { PROJECT, secretPath, useFake, versionStates } from './_harness.js'

const ctx = { accessor: 'test', reason: 'test' }
const h = useFake()
const backendOf = (extra: Partial<Parameters<typeof gcpSecretManagerBackend>[0]> = {}) =>
  gcpSecretManagerBackend({ client: h.client, project: PROJECT, ...extra })
const storeOf = (extra: Partial<Parameters<typeof gcpSecretManagerBackend>[0]> = {}) =>
  createSecrets({ backend: backendOf(extra), audit: memoryAuditSink() })
const rawSecret = async (id: string) => (await h.client.getSecret({ name: secretPath(id) }))[0]
const rawValue = async (id: string, version: number | 'latest' = 'latest') => {
  const [accessed] = await h.client.accessSecretVersion({
    name: `${secretPath(id)}/versions/${version}`,
  })
  return new Uint8Array(accessed.payload?.data as Uint8Array)
}

describe('RPCs per call (fake.calls())', () => {
  it('costs 4 RPCs for a first write, 3 for the next, 2 for a read, 2N for getMany of N', async () => {
    const s = storeOf({ prefix: 'rpc' }).scope({ tenant: 'acme' })
    h.fake.resetCalls()
    await s.set('K', 'v1')
    expect(h.fake.calls()).toEqual({
      GetSecret: 1,
      CreateSecret: 1,
      AddSecretVersion: 1,
      UpdateSecret: 1,
    })
    h.fake.resetCalls()
    await s.set('K', 'v2')
    expect(h.fake.calls()).toEqual({ GetSecret: 1, AddSecretVersion: 1, UpdateSecret: 1 })
    h.fake.resetCalls()
    expect(await s.get('K', ctx)).toBe('v2')
    expect(h.fake.calls()).toEqual({ GetSecret: 1, AccessSecretVersion: 1 })
    const names = Array.from({ length: 40 }, (_, i) => `MANY_${i}`)
    await Promise.all(names.map((n, i) => s.set(n, `value-${i}`)))
    h.fake.resetCalls()
    const values = await s.getMany([...names, 'MANY_0'], ctx)
    expect(values.MANY_39).toBe('value-39')
    expect(h.fake.calls()).toEqual({ GetSecret: 40, AccessSecretVersion: 40 })
    h.fake.resetCalls()
    expect((await s.list({ limit: 10 })).items).toHaveLength(10)
    expect(h.fake.calls()).toEqual({ ListSecrets: 1 })
    h.fake.resetCalls()
    expect((await s.versions('K')).map((v) => v.version)).toEqual([2, 1])
    expect(h.fake.calls()).toEqual({ GetSecret: 1, ListSecretVersions: 1 })
  })
})

describe('what GCP stores', () => {
  it('names, labels, annotations and the native value as documented', async () => {
    const s = storeOf({ prefix: 'app' }).scope({ tenant: 'Acme Corp' })
    await s.set('db.url', 'postgres://x', { accessor: 'alice', description: 'main db' })
    const id = 'app__2Ftenant__3DAcme__4020Corp__2Fdb__2Eurl'
    const secret = await rawSecret(id)
    expect(secret.labels).toEqual({ secrets_managed: 'true', secrets_scope_tenant: 'acme_corp' })
    expect(secret.replication?.automatic).toBeTruthy()
    expect(secret.annotations?.['secrets-latest']).toBe('1')
    expect(JSON.parse(secret.annotations?.['secrets-v1'] ?? '')).toEqual({
      b: 'alice',
      d: 'main db',
      r: expect.any(String),
      t: expect.any(Number),
    })
    expect(new TextDecoder().decode(await rawValue(id))).toBe('postgres://x')
    const [version] = await h.client.getSecretVersion({ name: `${secretPath(id)}/versions/1` })
    expect(version.clientSpecifiedPayloadChecksum).toBe(true)
  })

  it('keeps the empty value as 0x00 and refuses U+0000 alone before any request', async () => {
    const s = storeOf().scope({ tenant: 'empty' })
    await s.set('E', '')
    expect(await rawValue('tenant__3Dempty__2FE')).toEqual(new Uint8Array([0]))
    expect(await s.get('E', ctx)).toBe('')
    h.fake.resetCalls()
    await expect(s.set('E', '\u0000')).rejects.toBeInstanceOf(InvalidValueError)
    expect(h.fake.calls()).toEqual({})
  })

  it('keeps the newest 20 entries within 16 KiB; older versions keep their values', async () => {
    const s = storeOf().scope({ tenant: 'prune' })
    for (let i = 1; i <= 25; i++) await s.set('P', `v${i}`, { description: 'd'.repeat(1000) })
    const annotations = (await rawSecret('tenant__3Dprune__2FP')).annotations ?? {}
    const entries = Object.keys(annotations).filter((k) => k.startsWith('secrets-v'))
    const bytes = Object.entries(annotations).reduce((n, [k, v]) => n + k.length + v.length, 0)
    expect(entries.length).toBeLessThan(20)
    expect(entries).toContain('secrets-v25')
    expect(bytes).toBeLessThan(16 * 1024)
    const listed = await s.versions('P')
    expect(listed).toHaveLength(25)
    expect(listed[0]!.description).toHaveLength(1000)
    expect(listed[24]!.description).toBeNull() // pruned
    expect(await s.get('P', { ...ctx, version: 1 })).toBe('v1')
  })

  it('returns the version of a retried write instead of writing it twice', async () => {
    const backend = backendOf()
    const scope = toScope({ tenant: 'retry' })
    const input = {
      payload: () => new TextEncoder().encode('once'),
      createdBy: null,
      previousExpiresAt: null,
      requestId: 'same-request',
    }
    expect((await backend.put(scope, 'R', input)).version).toBe(1)
    expect((await backend.put(scope, 'R', input)).version).toBe(1)
    expect([...(await versionStates(h.client, 'tenant__3Dretry__2FR')).keys()]).toEqual([1])
  })

  it('creates regional secrets with location, and user-managed replicas', async () => {
    const regional = storeOf({ location: 'europe-west1' }).scope({})
    await regional.set('REGIONAL', 'r')
    const [secret] = await h.client.getSecret({
      name: `projects/${PROJECT}/locations/europe-west1/secrets/REGIONAL`,
    })
    expect(secret.replication).toBeFalsy()
    expect(await regional.get('REGIONAL', ctx)).toBe('r')
    expect((await regional.list()).items.map((i) => i.name)).toEqual(['REGIONAL'])
    const replicated = storeOf({ replication: { userManaged: ['europe-west1', 'europe-west4'] } })
    await replicated.scope({ tenant: 'eu' }).set('R', 'x')
    const replicas = (await rawSecret('tenant__3Deu__2FR')).replication?.userManaged?.replicas
    expect(replicas?.map((r) => r.location)).toEqual(['europe-west1', 'europe-west4'])
  })
})

describe("deletion: 'destroy-versions'", () => {
  it('destroys every version, keeps the secret, and numbers later writes after them', async () => {
    const s = storeOf({ deletion: 'destroy-versions' }).scope({ tenant: 'keep' })
    const id = 'tenant__3Dkeep__2FD'
    await s.set('D', 'one')
    await s.set('D', 'two')
    expect(await s.delete('D')).toBe(true)
    const secret = await rawSecret(id)
    expect(secret.labels?.secrets_managed).toBe('true')
    expect(secret.annotations).toEqual({ 'secrets-latest': '0' })
    expect([...(await versionStates(h.client, id)).values()]).toEqual(['DESTROYED', 'DESTROYED'])
    await expect(s.get('D', ctx)).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' })
    expect(await s.versions('D')).toEqual([])
    expect((await s.list()).items).toEqual([])
    expect(await s.delete('D')).toBe(false)
    expect(await s.set('D', 'three')).toEqual({ version: 3 })
    expect(await s.get('D', ctx)).toBe('three')
    expect(await s.delete('NEVER')).toBe(false)
  })
})

describe('options and input checks', () => {
  it('rejects bad options with a message that says how to fix them', () => {
    const ok = { client: h.client, project: PROJECT }
    expect(() => gcpSecretManagerBackend({ project: PROJECT } as never)).toThrow(
      /new SecretManagerServiceClient/,
    )
    expect(() => gcpSecretManagerBackend({ ...ok, project: 'My Project' })).toThrow(/project id/)
    expect(() => gcpSecretManagerBackend({ ...ok, location: 'Europe West' })).toThrow(/region/)
    expect(() =>
      gcpSecretManagerBackend({ ...ok, location: 'europe-west1', replication: 'automatic' }),
    ).toThrow(/Regional secrets/)
    expect(() => gcpSecretManagerBackend({ ...ok, replication: { userManaged: [] } })).toThrow(
      /userManaged/,
    )
    expect(() => gcpSecretManagerBackend({ ...ok, deletion: 'soft' as never })).toThrow(/deletion/)
    expect(() => gcpSecretManagerBackend({ ...ok, concurrency: 0 })).toThrow(/concurrency/)
    expect(() => gcpSecretManagerBackend({ ...ok, prefix: 'a.b' })).toThrow(InvalidArgumentError)
    expect(() => gcpSecretManagerBackend({ ...ok, nameTemplate: '{scope}' })).toThrow(
      InvalidArgumentError,
    )
    expect(gcpSecretManagerBackend({ ...ok, project: '123456789012' }).name).toBe(
      'gcp-secret-manager',
    )
  })

  it('checks names, payloads, metadata and keys before any request', async () => {
    const backend = backendOf()
    const scope = toScope({ tenant: 'checks' })
    const input = {
      payload: () => new TextEncoder().encode('v'),
      createdBy: null,
      previousExpiresAt: null,
      requestId: 'r',
    }
    h.fake.resetCalls()
    await expect(backend.put(scope, 'a=b', input)).rejects.toMatchObject({ code: 'INVALID_NAME' })
    await expect(backend.put(scope, '.'.repeat(100), input)).rejects.toThrow(/255/)
    await expect(
      backend.put(scope, 'K', { ...input, payload: () => new Uint8Array(65_537) }),
    ).rejects.toThrow(InvalidValueError)
    await expect(
      backend.put(scope, 'K', { ...input, payload: () => new Uint8Array([0xff]) }),
    ).rejects.toThrow(InvalidValueError)
    await expect(
      backend.put(scope, 'K', { ...input, description: 'x'.repeat(1025) }),
    ).rejects.toThrow(InvalidArgumentError)
    await expect(backend.get(scope, 'K', 0)).rejects.toThrow(InvalidArgumentError)
    await expect(backend.getMany(scope, [{ name: 'K', version: 1.5 }])).rejects.toThrow(
      InvalidArgumentError,
    )
    await expect(backend.list(scope, { limit: 0 })).rejects.toThrow(InvalidArgumentError)
    await expect(backend.list(scope, { limit: 5, cursor: 'nope' })).rejects.toThrow(
      InvalidArgumentError,
    )
    const fixed = backendOf({ nameTemplate: '{tenant}/{name}' })
    await expect(fixed.get(toScope({ user: 'x' }), 'K')).rejects.toMatchObject({
      code: 'INVALID_SCOPE',
    })
    expect(h.fake.calls()).toEqual({})
  })
})
