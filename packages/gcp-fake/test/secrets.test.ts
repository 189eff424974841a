import { status } from '@grpc/grpc-js'
import { describe, expect, it } from 'vitest'
import { expectCode, freshProject, makeSecret, useFake } from './helpers.js'

const h = useFake()

describe('CreateSecret and GetSecret', () => {
  it('stores a secret and returns it with create_time and a quoted etag', async () => {
    const parent = freshProject()
    const before = Date.now()
    const [created] = await h.client.createSecret({
      parent,
      secretId: 'db-password',
      secret: { replication: { automatic: {} }, labels: { env: 'prod' }, annotations: { a: 'b' } },
    })
    expect(created.name).toBe(`${parent}/secrets/db-password`)
    expect(created.labels).toEqual({ env: 'prod' })
    expect(created.annotations).toEqual({ a: 'b' })
    expect(created.replication?.automatic).toBeTruthy()
    expect(created.etag).toMatch(/^".+"$/)
    const createdMs = Number(created.createTime?.seconds) * 1000
    expect(createdMs).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000)
    const [got] = await h.client.getSecret({ name: created.name })
    expect(got).toEqual(created)
  })

  it('stores user-managed replication with its replicas', async () => {
    const parent = freshProject()
    const [created] = await h.client.createSecret({
      parent,
      secretId: 's',
      secret: {
        replication: { userManaged: { replicas: [{ location: 'us-east1' }, { location: 'eu' }] } },
      },
    })
    const [got] = await h.client.getSecret({ name: created.name })
    expect(got.replication?.userManaged?.replicas?.map((r) => r.location)).toEqual([
      'us-east1',
      'eu',
    ])
  })

  it('requires a replication policy for a global secret, and non-empty replicas', async () => {
    const parent = freshProject()
    await expectCode(
      h.client.createSecret({ parent, secretId: 'x', secret: {} }),
      status.INVALID_ARGUMENT,
    )
    await expectCode(
      h.client.createSecret({
        parent,
        secretId: 'x',
        secret: { replication: { userManaged: { replicas: [] } } },
      }),
      status.INVALID_ARGUMENT,
    )
  })

  it('creates regional secrets under a location, apart from global ones', async () => {
    const project = freshProject()
    const parent = `${project}/locations/us-central1`
    const [created] = await h.client.createSecret({ parent, secretId: 'same', secret: {} })
    expect(created.name).toBe(`${parent}/secrets/same`)
    await makeSecret(h.client, project, 'same')
    const [regional] = await h.client.getSecret({ name: created.name })
    expect(regional.name).toBe(created.name)
  })

  it('answers ALREADY_EXISTS for an id taken in the same parent', async () => {
    const parent = freshProject()
    await makeSecret(h.client, parent, 'dup')
    const message = await expectCode(makeSecret(h.client, parent, 'dup'), status.ALREADY_EXISTS)
    expect(message).toContain('already exists')
    await makeSecret(h.client, freshProject(), 'dup')
  })

  it.each([
    ['', 'empty'],
    ['has.dot', 'a dot'],
    ['has space', 'a space'],
    ['a'.repeat(256), '256 characters'],
    ['ünï', 'non-ASCII letters'],
  ])('rejects secret id %j (%s) with INVALID_ARGUMENT', async (secretId) => {
    await expectCode(makeSecret(h.client, freshProject(), secretId), status.INVALID_ARGUMENT)
  })

  it('accepts a 255-character id of letters, digits, - and _', async () => {
    const id = `Ab0_-${'z'.repeat(250)}`
    const name = await makeSecret(h.client, freshProject(), id)
    expect(name.endsWith(`/secrets/${id}`)).toBe(true)
  })

  it.each<[Record<string, string>, string]>([
    [{ Env: 'x' }, 'uppercase key'],
    [{ '1env': 'x' }, 'key starting with a digit'],
    [{ env: 'X' }, 'uppercase value'],
    [{ env: 'a.b' }, 'dot in value'],
    [{ ['k'.repeat(64)]: 'x' }, '64-character key'],
    [{ env: 'v'.repeat(64) }, '64-character value'],
  ])('rejects labels %j (%s)', async (labels, _why) => {
    await expectCode(makeSecret(h.client, freshProject(), 's', labels), status.INVALID_ARGUMENT)
  })

  it('accepts international lowercase labels, empty values and 64 labels', async () => {
    await makeSecret(h.client, freshProject(), 'intl', { équipe: 'données', 'k_-1': '' })
    const many = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`k${i}`, 'v']))
    await makeSecret(h.client, freshProject(), 'many', many)
    const tooMany = { ...many, k64: 'v' }
    await expectCode(makeSecret(h.client, freshProject(), 'x', tooMany), status.INVALID_ARGUMENT)
  })

  it('limits annotations to valid keys and under 16 KiB in total', async () => {
    const parent = freshProject()
    const create = (annotations: Record<string, string>, secretId: string) =>
      h.client.createSecret({
        parent,
        secretId,
        secret: { replication: { automatic: {} }, annotations },
      })
    await create({ 'app.example_Owner-1': 'x'.repeat(1000) }, 'ok')
    await expectCode(create({ '-bad': 'x' }, 'a'), status.INVALID_ARGUMENT)
    await expectCode(create({ 'has/slash': 'x' }, 'c'), status.INVALID_ARGUMENT)
    await expectCode(create({ k: 'x'.repeat(16 * 1024) }, 'b'), status.INVALID_ARGUMENT)
  })

  it('answers NOT_FOUND for a missing secret and INVALID_ARGUMENT for a malformed name', async () => {
    const parent = freshProject()
    const message = await expectCode(
      h.client.getSecret({ name: `${parent}/secrets/missing` }),
      status.NOT_FOUND,
    )
    expect(message).toContain(`${parent}/secrets/missing`)
    await expectCode(h.client.getSecret({ name: 'secrets/missing' }), status.INVALID_ARGUMENT)
  })
})

describe('UpdateSecret', () => {
  it('changes only the fields in update_mask and gives a new etag', async () => {
    const name = await makeSecret(h.client, freshProject(), 's', { a: '1' })
    const [before] = await h.client.getSecret({ name })
    const [after] = await h.client.updateSecret({
      secret: { name, labels: { b: '2' }, annotations: { ignored: 'yes' } },
      updateMask: { paths: ['labels'] },
    })
    expect(after.labels).toEqual({ b: '2' })
    expect(after.annotations).toEqual({})
    expect(after.etag).not.toBe(before.etag)
    expect(after.createTime).toEqual(before.createTime)
    const [got] = await h.client.getSecret({ name })
    expect(got).toEqual(after)
  })

  it('gives a new etag even when nothing changes', async () => {
    const name = await makeSecret(h.client, freshProject(), 's', { a: '1' })
    const [first] = await h.client.getSecret({ name })
    const [second] = await h.client.updateSecret({
      secret: { name, labels: { a: '1' } },
      updateMask: { paths: ['labels'] },
    })
    expect(second.etag).not.toBe(first.etag)
  })

  it('requires a mask, and refuses immutable or unknown paths', async () => {
    const name = await makeSecret(h.client, freshProject(), 's')
    const update = (paths: string[] | undefined) =>
      h.client.updateSecret({
        secret: { name, labels: { a: 'b' }, replication: { automatic: {} } },
        ...(paths ? { updateMask: { paths } } : {}),
      })
    await expectCode(update(undefined), status.INVALID_ARGUMENT)
    await expectCode(update([]), status.INVALID_ARGUMENT)
    await expectCode(update(['replication']), status.INVALID_ARGUMENT)
    await expectCode(update(['create_time']), status.INVALID_ARGUMENT)
    await expectCode(update(['no_such_field']), status.INVALID_ARGUMENT)
    const [got] = await h.client.getSecret({ name })
    expect(got.labels).toEqual({})
  })

  it('validates the new labels and leaves the secret untouched when they are bad', async () => {
    const name = await makeSecret(h.client, freshProject(), 's', { ok: 'yes' })
    await expectCode(
      h.client.updateSecret({
        secret: { name, labels: { BAD: 'x' }, annotations: { a: 'b' } },
        updateMask: { paths: ['annotations', 'labels'] },
      }),
      status.INVALID_ARGUMENT,
    )
    const [got] = await h.client.getSecret({ name })
    expect(got.labels).toEqual({ ok: 'yes' })
    expect(got.annotations).toEqual({})
  })

  it('honours etag: a stale one is FAILED_PRECONDITION, the current one succeeds', async () => {
    const name = await makeSecret(h.client, freshProject(), 's')
    const [v1] = await h.client.getSecret({ name })
    const [v2] = await h.client.updateSecret({
      secret: { name, labels: { n: '1' }, etag: v1.etag },
      updateMask: { paths: ['labels'] },
    })
    const message = await expectCode(
      h.client.updateSecret({
        secret: { name, labels: { n: '2' }, etag: v1.etag },
        updateMask: { paths: ['labels'] },
      }),
      status.FAILED_PRECONDITION,
    )
    expect(message).toContain('etag')
    const [got] = await h.client.getSecret({ name })
    expect(got.labels).toEqual({ n: '1' })
    expect(got.etag).toBe(v2.etag)
  })

  it('answers NOT_FOUND for a missing secret', async () => {
    await expectCode(
      h.client.updateSecret({
        secret: { name: `${freshProject()}/secrets/none`, labels: {} },
        updateMask: { paths: ['labels'] },
      }),
      status.NOT_FOUND,
    )
  })
})

describe('DeleteSecret', () => {
  it('deletes the secret and its versions; the id can then be reused from version 1', async () => {
    const parent = freshProject()
    const name = await makeSecret(h.client, parent, 's')
    await h.client.addSecretVersion({ parent: name, payload: { data: Buffer.from('a') } })
    await h.client.deleteSecret({ name })
    await expectCode(h.client.getSecret({ name }), status.NOT_FOUND)
    await expectCode(h.client.accessSecretVersion({ name: `${name}/versions/1` }), status.NOT_FOUND)
    await expectCode(h.client.deleteSecret({ name }), status.NOT_FOUND)
    await makeSecret(h.client, parent, 's')
    const [v] = await h.client.addSecretVersion({
      parent: name,
      payload: { data: Buffer.from('b') },
    })
    expect(v.name).toBe(`${name}/versions/1`)
  })

  it('refuses a stale etag with FAILED_PRECONDITION and accepts the current one', async () => {
    const name = await makeSecret(h.client, freshProject(), 's')
    const [v1] = await h.client.getSecret({ name })
    await h.client.updateSecret({ secret: { name, labels: {} }, updateMask: { paths: ['labels'] } })
    await expectCode(h.client.deleteSecret({ name, etag: v1.etag }), status.FAILED_PRECONDITION)
    const [current] = await h.client.getSecret({ name })
    await h.client.deleteSecret({ name, etag: current.etag })
    await expectCode(h.client.getSecret({ name }), status.NOT_FOUND)
  })
})
