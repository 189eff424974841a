import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager'
import {
  ConflictError,
  createSecrets,
  generateMasterKey,
  InvalidScopeError,
  Keyring,
  memoryAuditSink,
  toScope,
} from '@secrets/core'
import { afterAll, describe, expect, it } from 'vitest'
import { awsSecretsManagerBackend } from '../src/index.js'
import { countCommands, deleteAll, motoClient, skipWithoutMoto, uniquePrefix } from './_moto.js'

const ctx = { accessor: 'test', reason: 'test' }
const v = (n: number) => `secrets-v${String(n).padStart(23, '0')}`

describe.skipIf(skipWithoutMoto())('awsSecretsManagerBackend on moto', () => {
  const client = motoClient()
  const { counts, maxInFlight, reset } = countCommands(client)
  const prefix = uniquePrefix('aws')
  const audit = memoryAuditSink()
  const backend = awsSecretsManagerBackend({ client, prefix })
  const store = createSecrets({ backend, audit })
  const describeRaw = (name: string) => client.send(new DescribeSecretCommand({ SecretId: name }))
  const valueRaw = (name: string) => client.send(new GetSecretValueCommand({ SecretId: name }))
  const calls = () => Object.fromEntries(counts)

  afterAll(() => deleteAll(client, prefix))

  it('reads 100 names with exactly 5 concurrent BatchGetSecretValue calls and nothing else', async () => {
    const s = store.scope({ tenant: 'batch' })
    const names = Array.from({ length: 100 }, (_, i) => `KEY_${i}`)
    await Promise.all(names.map((name, i) => s.set(name, `value-${i}`)))
    reset()
    const values = await s.getMany(names, ctx)
    expect(calls()).toEqual({ BatchGetSecretValueCommand: 5 })
    expect(maxInFlight()).toBe(5) // the five calls run concurrently
    expect(Object.keys(values)).toHaveLength(100)
    expect(values.KEY_42).toBe('value-42')
    reset()
    await s.getMany(names.slice(0, 21), ctx)
    expect(calls()).toEqual({ BatchGetSecretValueCommand: 2 })
    reset()
    const mixed = await s.readMany([{ name: 'KEY_1', version: 1 }, { name: 'KEY_2' }], ctx)
    expect(mixed.map((r) => r?.value)).toEqual(['value-1', 'value-2'])
    expect(calls()).toEqual({ BatchGetSecretValueCommand: 1, GetSecretValueCommand: 1 })
  })

  it('maps versions to VersionIds and rotation to AWSCURRENT / AWSPREVIOUS', async () => {
    const s = store.scope({ tenant: 'acme', zone: 'eu' })
    const awsName = `${prefix}/tenant=acme/zone=eu/WEBHOOK`
    await s.set('WEBHOOK', 'old', { accessor: 'alice', description: 'signing key' })
    await s.rotate('WEBHOOK', 'new', { accessor: 'bob', overlapMs: 60_000 })
    let d = await describeRaw(awsName)
    expect(d.VersionIdsToStages?.[v(1)]).toEqual(['AWSPREVIOUS'])
    expect(d.VersionIdsToStages?.[v(2)]).toEqual([
      'AWSCURRENT',
      expect.stringMatching(/^secrets-previous-expires-\d+$/),
    ])
    expect(d.Description).toBe('signing key')
    expect(d.Tags?.map((t) => t.Key).sort()).toEqual(['secrets:v1', 'secrets:v2'])
    // Other tools read the plain value.
    expect((await valueRaw(awsName)).SecretString).toBe('new')
    const active = await s.getActive('WEBHOOK', ctx)
    expect(active.previous).toMatchObject({ version: 1, value: 'old' })
    await s.set('WEBHOOK', 'newest')
    d = await describeRaw(awsName)
    expect(d.VersionIdsToStages?.[v(2)]).toEqual(['AWSPREVIOUS'])
    expect(d.VersionIdsToStages?.[v(3)]).toEqual(['AWSCURRENT'])
    expect((await s.getActive('WEBHOOK', ctx)).previous).toBeNull()
    expect((await s.versions('WEBHOOK')).map((x) => [x.version, x.createdBy])).toEqual([
      [3, null],
      [2, 'bob'],
      [1, 'alice'],
    ])
  })

  it('reads existing secrets by their own names with no prefix and the scope {}', async () => {
    const run = uniquePrefix('legacy')
    const name = `${run}/prod/db/password`
    await client.send(
      new CreateSecretCommand({ Name: name, SecretString: 'hunter2', Description: 'legacy' }),
    )
    const plain = createSecrets({ backend: awsSecretsManagerBackend({ client }), audit })
    try {
      const s = plain.scope({})
      expect(await s.get(name, ctx)).toBe('hunter2')
      expect((await s.readMany([{ name }], ctx))[0]).toMatchObject({ version: 0 })
      expect(await s.versions(name)).toMatchObject([{ version: 0, description: 'legacy' }])
      expect((await s.list({ prefix: `${run}/` })).items).toMatchObject([
        { name, version: 0, description: 'legacy' },
      ])
      // Written outside this backend: unnumbered, so no compare-and-set against a number…
      await expect(s.set(name, 'x', { ifVersion: 1 })).rejects.toBeInstanceOf(ConflictError)
      // …but a write numbers the secret from 1, under the same AWS name.
      expect(await s.rotate(name, 'hunter3')).toEqual({ version: 1 })
      expect(await s.get(name, ctx)).toBe('hunter3')
      expect((await describeRaw(name)).VersionIdsToStages?.[v(1)]).toContain('AWSCURRENT')
    } finally {
      await deleteAll(client, run)
    }
  })

  it('numbers past a write made outside the backend, which breaks compare-and-set', async () => {
    const s = store.scope({ tenant: 'outside' })
    const awsName = `${prefix}/tenant=outside/A`
    await s.set('A', 'one')
    await client.send(new PutSecretValueCommand({ SecretId: awsName, SecretString: 'console' }))
    expect((await s.readMany([{ name: 'A' }], ctx))[0]).toEqual({
      name: 'A',
      version: 0,
      value: 'console',
    })
    await expect(s.set('A', 'two', { ifVersion: 1 })).rejects.toBeInstanceOf(ConflictError)
    expect(await s.set('A', 'two')).toEqual({ version: 2 })
    expect(await s.get('A', { ...ctx, version: 1 })).toBe('one')
  })

  it('follows AWSCURRENT moved back by hand, and numbers new writes after the highest', async () => {
    const s = store.scope({ tenant: 'rollback' })
    const awsName = `${prefix}/tenant=rollback/R`
    for (const value of ['one', 'two', 'three']) await s.set('R', value)
    await client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: awsName,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: v(2),
        RemoveFromVersionId: v(3),
      }),
    )
    // Both read paths return the AWSCURRENT version: the batch and GetSecretValue.
    expect((await s.readMany([{ name: 'R' }], ctx))[0]).toMatchObject({ version: 2, value: 'two' })
    expect(await backend.get(toScope({ tenant: 'rollback' }), 'R')).toMatchObject({ version: 2 })
    expect(await s.set('R', 'four', { ifVersion: 2 })).toEqual({ version: 4 })
    expect(await s.get('R', { ...ctx, version: 3 })).toBe('three')
    expect((await s.versions('R')).map((x) => x.version)).toEqual([4, 3, 2, 1])
  })

  it('does not add a version when the same write is sent twice', async () => {
    const scope = toScope({ tenant: 'retry' })
    const input = {
      payload: () => new TextEncoder().encode('once'),
      createdBy: 'job',
      previousExpiresAt: null,
      requestId: globalThis.crypto.randomUUID(),
    }
    await backend.put(scope, 'R', { ...input, requestId: 'first' })
    expect((await backend.put(scope, 'R', input)).version).toBe(2)
    expect((await backend.put(scope, 'R', input)).version).toBe(2)
    expect((await backend.versions(scope, 'R')).map((x) => x.version)).toEqual([2, 1])
  })

  it('queues concurrent writes to one secret: numbered in call order, none lost to a race', async () => {
    const scope = toScope({ tenant: 'queued' })
    const write = (value: string) =>
      backend.put(scope, 'HOT', {
        payload: () => new TextEncoder().encode(value),
        createdBy: 'writer',
        previousExpiresAt: null,
        requestId: globalThis.crypto.randomUUID(),
      })
    await write('first')
    reset()
    const written = await Promise.all(Array.from({ length: 20 }, (_, i) => write(`value-${i}`)))
    expect(written.map((w) => w.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2))
    // One DescribeSecret and one PutSecretValue per write: no writer lost a number and retried.
    expect(counts.get('DescribeSecretCommand')).toBe(20)
    expect(counts.get('PutSecretValueCommand')).toBe(20)
    expect(counts.has('ListSecretVersionIdsCommand')).toBe(false)
    for (let i = 0; i < 20; i++) {
      const record = await backend.get(scope, 'HOT', i + 2)
      expect(new TextDecoder().decode(record!.payload)).toBe(`value-${i}`)
    }
  })

  it('prunes the metadata tags of the oldest versions below the 50-tag limit, never their values', async () => {
    const scope = toScope({ tenant: 'pruned' })
    const awsName = `${prefix}/tenant=pruned/P`
    for (let n = 1; n <= 51; n++) {
      await backend.put(scope, 'P', {
        payload: () => new TextEncoder().encode(`value-${n}`),
        description: `description ${n}`,
        createdBy: `writer-${n}`,
        previousExpiresAt: null,
        requestId: `write-${n}`,
      })
    }
    // The 51st write would need 51 tags: versions 1 to 11 lose theirs, leaving 10 free.
    expect((await describeRaw(awsName)).Tags).toHaveLength(40)
    const history = await backend.versions(scope, 'P')
    expect(history).toHaveLength(51)
    const byVersion = new Map(history.map((x) => [x.version, x]))
    expect(byVersion.get(11)).toMatchObject({ description: null, createdBy: null })
    expect(byVersion.get(12)).toMatchObject({
      description: 'description 12',
      createdBy: 'writer-12',
    })
    expect(byVersion.get(51)).toMatchObject({
      description: 'description 51',
      createdBy: 'writer-51',
    })
    const oldest = await backend.get(scope, 'P', 1)
    expect(new TextDecoder().decode(oldest!.payload)).toBe('value-1')
    expect(oldest).toMatchObject({ version: 1, description: null, createdBy: null })
  })

  it('deletes with a recovery window; a later put purges the old secret and starts at 1', async () => {
    const s = store.scope({ tenant: 'deleted' })
    const awsName = `${prefix}/tenant=deleted/D`
    await s.set('D', 'first')
    await s.set('D', 'second')
    const before = await describeRaw(awsName)
    expect(await s.delete('D')).toBe(true)
    expect((await describeRaw(awsName)).DeletedDate).toBeInstanceOf(Date)
    expect(await s.readMany([{ name: 'D' }, { name: 'D', version: 1 }], ctx)).toEqual([null, null])
    expect(await backend.get(toScope({ tenant: 'deleted' }), 'D')).toBeNull()
    expect((await s.list()).items).toEqual([])
    expect(await s.versions('D')).toEqual([])
    expect(await s.delete('D')).toBe(false)
    expect(await s.set('D', 'again')).toEqual({ version: 1 })
    const after = await describeRaw(awsName)
    expect(after.DeletedDate).toBeUndefined()
    expect(after.ARN).not.toBe(before.ARN)
    const stored = await client.send(new ListSecretVersionIdsCommand({ SecretId: awsName }))
    expect(stored.Versions?.map((x) => x.VersionId)).toEqual([v(1)])
    expect(await s.get('D', ctx)).toBe('again')
  })

  it('deletes at once with deletion: { force: true }', async () => {
    const forced = createSecrets({
      backend: awsSecretsManagerBackend({ client, prefix, deletion: { force: true } }),
      audit,
    }).scope({ tenant: 'forced' })
    await forced.set('F', 'x')
    expect(await forced.delete('F')).toBe(true)
    await expect(describeRaw(`${prefix}/tenant=forced/F`)).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    })
    expect(await forced.delete('F')).toBe(false)
  })

  it('names by scope values with a template, keeping prefix-sharing tenants apart', async () => {
    const templated = createSecrets({
      backend: awsSecretsManagerBackend({
        client,
        prefix,
        nameTemplate: 'tenants/{tenant}/{name}',
      }),
      audit,
    })
    const tenants = ['a', 'a-b', 'a/b', 'ab']
    for (const tenant of tenants) await templated.scope({ tenant }).set('K', tenant)
    for (const tenant of tenants) {
      const s = templated.scope({ tenant })
      expect(await s.get('K', ctx)).toBe(tenant)
      expect((await s.list()).items.map((x) => x.name)).toEqual(['K'])
    }
    expect((await valueRaw(`${prefix}/tenants/a@2Fb/K`)).SecretString).toBe('a/b')
    await expect(templated.scope({ tenant: 'a', user: 'x' }).list()).rejects.toBeInstanceOf(
      InvalidScopeError,
    )
  })

  it('lists 150 secrets with 2 ListSecrets calls, in byte order', async () => {
    const s = store.scope({ tenant: 'listing' })
    const names = Array.from({ length: 146 }, (_, i) => `n${String(i).padStart(3, '0')}`)
    const odd = ['Z', '_x', 'A-1', 'A/1']
    await Promise.all([...names, ...odd].map((name) => s.set(name, 'v')))
    reset()
    const page = await s.list({ limit: 1000 })
    expect(calls()).toEqual({ ListSecretsCommand: 2 })
    expect(page.items.map((x) => x.name)).toEqual([...names, ...odd].sort())
    expect(page.items.map((x) => x.name).slice(0, 4)).toEqual(['A-1', 'A/1', 'Z', '_x'])
  })

  it('keeps the empty value as a one-byte binary secret', async () => {
    const s = store.scope({ tenant: 'empty' })
    await s.set('E', '')
    expect(await s.get('E', ctx)).toBe('')
    const raw = await valueRaw(`${prefix}/tenant=empty/E`)
    expect(raw.SecretString).toBeUndefined()
    expect([...(raw.SecretBinary ?? [])]).toEqual([0])
  })

  it('with client-side encryption, AWS only ever holds the envelope, as SecretBinary', async () => {
    const sealed = createSecrets({
      backend: awsSecretsManagerBackend({ client, prefix, clientSideEncryption: true }),
      keyring: Keyring.fromKeys({ keys: { a: generateMasterKey() } }),
      audit,
    }).scope({ tenant: 'sealed' })
    const value = `marker-${globalThis.crypto.randomUUID()}`
    await sealed.set('C', value, { description: 'sealed one' })
    const raw = await valueRaw(`${prefix}/tenant=sealed/C`)
    expect(raw.SecretString).toBeUndefined()
    expect(raw.SecretBinary).toBeInstanceOf(Uint8Array)
    expect(Buffer.from(raw.SecretBinary!).toString('latin1')).not.toContain(value)
    expect(await sealed.get('C', ctx)).toBe(value)
  })
})
