import { status } from '@grpc/grpc-js'
import { describe, expect, it } from 'vitest'
import { crc32c } from '../src/index.js'
import { addText, expectCode, freshProject, makeSecret, useFake } from './helpers.js'

// The same fake driven by the client's REST transport (`fallback: true`, HTTP/1.1 JSON).
const h = useFake('rest')

describe('REST transport (fallback: true)', () => {
  it('creates, gets, updates with a mask and an etag, and deletes', async () => {
    const parent = freshProject()
    const name = await makeSecret(h.client, parent, 's', { env: 'dev' })
    const [got] = await h.client.getSecret({ name })
    expect(got.labels).toEqual({ env: 'dev' })
    expect(got.replication?.automatic).toBeTruthy()
    const [updated] = await h.client.updateSecret({
      secret: { name, labels: { env: 'prod' }, etag: got.etag },
      updateMask: { paths: ['labels'] },
    })
    expect(updated.labels).toEqual({ env: 'prod' })
    await expectCode(
      h.client.updateSecret({
        secret: { name, labels: {}, etag: got.etag },
        updateMask: { paths: ['labels'] },
      }),
      status.FAILED_PRECONDITION,
    )
    await expectCode(makeSecret(h.client, parent, 's'), status.ALREADY_EXISTS)
    await expectCode(h.client.deleteSecret({ name, etag: got.etag }), status.FAILED_PRECONDITION)
    await h.client.deleteSecret({ name, etag: updated.etag })
    await expectCode(h.client.getSecret({ name }), status.NOT_FOUND)
  })

  it('adds versions with a checksum and accesses them by number and latest', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    const data = Buffer.from('över http')
    await expectCode(
      h.client.addSecretVersion({ parent: secret, payload: { data, dataCrc32c: 1 } }),
      status.INVALID_ARGUMENT,
    )
    const [v1] = await h.client.addSecretVersion({
      parent: secret,
      payload: { data, dataCrc32c: crc32c(data) },
    })
    expect(v1.name).toBe(`${secret}/versions/1`)
    expect(v1.state).toBe('ENABLED')
    expect(await addText(h.client, secret, 'two')).toBe(2)
    const [latest] = await h.client.accessSecretVersion({ name: `${secret}/versions/latest` })
    expect(latest.name).toBe(`${secret}/versions/2`)
    expect(Buffer.from(latest.payload?.data as Uint8Array).toString()).toBe('two')
    const [first] = await h.client.accessSecretVersion({ name: `${secret}/versions/1` })
    expect(Buffer.from(first.payload?.data as Uint8Array).toString()).toBe('över http')
    expect(Number(first.payload?.dataCrc32c)).toBe(crc32c(data))
  })

  it('changes version states and reports them in listings, newest first', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    for (const t of ['a', 'b', 'c']) await addText(h.client, secret, t)
    const [disabled] = await h.client.disableSecretVersion({ name: `${secret}/versions/2` })
    expect(disabled.state).toBe('DISABLED')
    const [destroyed] = await h.client.destroySecretVersion({ name: `${secret}/versions/3` })
    expect(destroyed.state).toBe('DESTROYED')
    expect(destroyed.destroyTime).toBeTruthy()
    await expectCode(
      h.client.accessSecretVersion({ name: `${secret}/versions/latest` }),
      status.FAILED_PRECONDITION,
    )
    await expectCode(
      h.client.enableSecretVersion({ name: `${secret}/versions/3` }),
      status.FAILED_PRECONDITION,
    )
    const [all] = await h.client.listSecretVersions({ parent: secret })
    expect(all.map((v) => v.state)).toEqual(['DESTROYED', 'DISABLED', 'ENABLED'])
    const [enabled] = await h.client.listSecretVersions({ parent: secret, filter: 'state:ENABLED' })
    expect(enabled.map((v) => v.name)).toEqual([`${secret}/versions/1`])
  })

  it('lists with filter and page tokens', async () => {
    const parent = freshProject()
    for (const id of ['a', 'b', 'c']) await makeSecret(h.client, parent, id, { team: 'x' })
    await makeSecret(h.client, parent, 'd')
    const [page, , response] = await h.client.listSecrets(
      { parent, filter: 'labels.team=x', pageSize: 2 },
      { autoPaginate: false },
    )
    expect(page.map((s) => s.name)).toEqual([`${parent}/secrets/a`, `${parent}/secrets/b`])
    const [rest] = await h.client.listSecrets(
      { parent, filter: 'labels.team=x', pageSize: 2, pageToken: response?.nextPageToken },
      { autoPaginate: false },
    )
    expect(rest.map((s) => s.name)).toEqual([`${parent}/secrets/c`])
    await expectCode(h.client.listSecrets({ parent, filter: 'nope=1' }), status.INVALID_ARGUMENT)
  })

  it('shares counts and failNext with gRPC, and answers UNIMPLEMENTED for IAM', async () => {
    const name = await makeSecret(h.client, freshProject(), 's')
    h.fake.resetCalls()
    h.fake.failNext('GetSecret', status.PERMISSION_DENIED, 'denied over REST')
    const message = await expectCode(h.client.getSecret({ name }), status.PERMISSION_DENIED)
    expect(message).toContain('denied over REST')
    await h.client.getSecret({ name })
    await expectCode(h.client.getIamPolicy({ resource: name }), status.UNIMPLEMENTED)
    expect(h.fake.calls()).toEqual({ GetSecret: 2, GetIamPolicy: 1 })
  })
})
