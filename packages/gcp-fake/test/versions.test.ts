import { status } from '@grpc/grpc-js'
import { describe, expect, it } from 'vitest'
import { crc32c } from '../src/index.js'
import { addText, expectCode, freshProject, makeSecret, useFake } from './helpers.js'

const h = useFake()

const access = async (name: string) => {
  const [res] = await h.client.accessSecretVersion({ name })
  return res
}

describe('AddSecretVersion and version numbers', () => {
  it('numbers versions 1, 2, 3 and never reuses a number, even after destroy', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    expect(await addText(h.client, secret, 'a')).toBe(1)
    expect(await addText(h.client, secret, 'b')).toBe(2)
    await h.client.destroySecretVersion({ name: `${secret}/versions/2` })
    expect(await addText(h.client, secret, 'c')).toBe(3)
  })

  it('gives concurrent adds distinct consecutive numbers', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    const numbers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => addText(h.client, secret, `v${i}`)),
    )
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
  })

  it('returns an ENABLED version with create_time, etag and replication status', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    const [v] = await h.client.addSecretVersion({
      parent: secret,
      payload: { data: Buffer.from('x') },
    })
    expect(v.state).toBe('ENABLED')
    expect(Number(v.createTime?.seconds)).toBeGreaterThan(0)
    expect(v.destroyTime).toBeNull()
    expect(v.etag).toMatch(/^".+"$/)
    expect(v.replicationStatus?.automatic).toBeTruthy()
    expect(v.clientSpecifiedPayloadChecksum).toBe(false)
  })

  it('does not change the secret etag', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    const [before] = await h.client.getSecret({ name: secret })
    await addText(h.client, secret, 'x')
    const [after] = await h.client.getSecret({ name: secret })
    expect(after.etag).toBe(before.etag)
  })

  it('accepts 64 KiB and refuses 64 KiB + 1 and an empty payload', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    const add = (data: Buffer) => h.client.addSecretVersion({ parent: secret, payload: { data } })
    await add(Buffer.alloc(64 * 1024, 1))
    await expectCode(add(Buffer.alloc(64 * 1024 + 1, 1)), status.INVALID_ARGUMENT)
    await expectCode(add(Buffer.alloc(0)), status.INVALID_ARGUMENT)
    await expectCode(h.client.addSecretVersion({ parent: secret }), status.INVALID_ARGUMENT)
    const [list] = await h.client.listSecretVersions({ parent: secret })
    expect(list).toHaveLength(1)
  })

  it('answers NOT_FOUND when the secret does not exist', async () => {
    await expectCode(
      h.client.addSecretVersion({
        parent: `${freshProject()}/secrets/none`,
        payload: { data: Buffer.from('x') },
      }),
      status.NOT_FOUND,
    )
  })

  it('checks data_crc32c when sent, and always returns it on access', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    const data = Buffer.from('payload with checksum')
    const good = crc32c(data)
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283)
    await expectCode(
      h.client.addSecretVersion({ parent: secret, payload: { data, dataCrc32c: good ^ 1 } }),
      status.INVALID_ARGUMENT,
    )
    const [v] = await h.client.addSecretVersion({
      parent: secret,
      payload: { data, dataCrc32c: good },
    })
    expect(v.name).toBe(`${secret}/versions/1`)
    expect(v.clientSpecifiedPayloadChecksum).toBe(true)
    const res = await access(`${secret}/versions/1`)
    expect(Number(res.payload?.dataCrc32c)).toBe(good)
    await addText(h.client, secret, 'no checksum sent')
    const res2 = await access(`${secret}/versions/2`)
    expect(Number(res2.payload?.dataCrc32c)).toBe(crc32c(Buffer.from('no checksum sent')))
  })
})

describe('latest, GetSecretVersion and AccessSecretVersion', () => {
  it('resolves latest to the most recently created version and names it', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    await addText(h.client, secret, 'one')
    await addText(h.client, secret, 'two')
    const res = await access(`${secret}/versions/latest`)
    expect(res.name).toBe(`${secret}/versions/2`)
    expect(res.payload?.data?.toString()).toBe('two')
    const [v] = await h.client.getSecretVersion({ name: `${secret}/versions/latest` })
    expect(v.name).toBe(`${secret}/versions/2`)
    expect((await access(`${secret}/versions/1`)).payload?.data?.toString()).toBe('one')
  })

  it('does not skip a disabled newest version: latest then fails FAILED_PRECONDITION', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    await addText(h.client, secret, 'one')
    await addText(h.client, secret, 'two')
    await h.client.disableSecretVersion({ name: `${secret}/versions/2` })
    const message = await expectCode(
      h.client.accessSecretVersion({ name: `${secret}/versions/latest` }),
      status.FAILED_PRECONDITION,
    )
    expect(message).toContain(`${secret}/versions/2] is in DISABLED state`)
    const [v] = await h.client.getSecretVersion({ name: `${secret}/versions/latest` })
    expect(v.state).toBe('DISABLED')
  })

  it('answers NOT_FOUND for latest with no versions, a missing number or a missing secret', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    await expectCode(access(`${secret}/versions/latest`), status.NOT_FOUND)
    await addText(h.client, secret, 'x')
    await expectCode(access(`${secret}/versions/2`), status.NOT_FOUND)
    await expectCode(h.client.getSecretVersion({ name: `${secret}/versions/9` }), status.NOT_FOUND)
    await expectCode(access(`${freshProject()}/secrets/none/versions/1`), status.NOT_FOUND)
  })

  it('resolves version aliases set with UpdateSecret', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    await addText(h.client, secret, 'one')
    await addText(h.client, secret, 'two')
    const [updated] = await h.client.updateSecret({
      secret: { name: secret, versionAliases: { stable: 1 } },
      updateMask: { paths: ['version_aliases'] },
    })
    expect(Number(updated.versionAliases?.stable)).toBe(1)
    const res = await access(`${secret}/versions/stable`)
    expect(res.name).toBe(`${secret}/versions/1`)
    expect(res.payload?.data?.toString()).toBe('one')
    await expectCode(access(`${secret}/versions/nope`), status.NOT_FOUND)
    await expectCode(
      h.client.updateSecret({
        secret: { name: secret, versionAliases: { bad: 7 } },
        updateMask: { paths: ['version_aliases'] },
      }),
      status.INVALID_ARGUMENT,
    )
  })
})

describe('Disable, Enable and Destroy', () => {
  it('moves versions between states; access follows the state', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    await addText(h.client, secret, 'x')
    const name = `${secret}/versions/1`
    const [disabled] = await h.client.disableSecretVersion({ name })
    expect(disabled.state).toBe('DISABLED')
    await expectCode(access(name), status.FAILED_PRECONDITION)
    const [enabled] = await h.client.enableSecretVersion({ name })
    expect(enabled.state).toBe('ENABLED')
    expect((await access(name)).payload?.data?.toString()).toBe('x')
  })

  it('destroys for good: data gone, destroy_time set, no way back', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    await addText(h.client, secret, 'x')
    const name = `${secret}/versions/1`
    await h.client.disableSecretVersion({ name })
    const [destroyed] = await h.client.destroySecretVersion({ name })
    expect(destroyed.state).toBe('DESTROYED')
    expect(Number(destroyed.destroyTime?.seconds)).toBeGreaterThan(0)
    const message = await expectCode(access(name), status.FAILED_PRECONDITION)
    expect(message).toContain('DESTROYED')
    await expectCode(h.client.enableSecretVersion({ name }), status.FAILED_PRECONDITION)
    await expectCode(h.client.disableSecretVersion({ name }), status.FAILED_PRECONDITION)
    await expectCode(h.client.destroySecretVersion({ name }), status.FAILED_PRECONDITION)
    const [got] = await h.client.getSecretVersion({ name })
    expect(got.state).toBe('DESTROYED')
    expect(got.destroyTime).toEqual(destroyed.destroyTime)
  })

  it('checks the version etag; every call, even a no-op, changes it', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    await addText(h.client, secret, 'x')
    const name = `${secret}/versions/1`
    const [v0] = await h.client.getSecretVersion({ name })
    const [v1] = await h.client.enableSecretVersion({ name, etag: v0.etag })
    expect(v1.state).toBe('ENABLED')
    expect(v1.etag).not.toBe(v0.etag)
    await expectCode(
      h.client.disableSecretVersion({ name, etag: v0.etag }),
      status.FAILED_PRECONDITION,
    )
    await expectCode(
      h.client.destroySecretVersion({ name, etag: v0.etag }),
      status.FAILED_PRECONDITION,
    )
    const [v2] = await h.client.disableSecretVersion({ name, etag: v1.etag })
    expect(v2.state).toBe('DISABLED')
    const [secretNow] = await h.client.getSecret({ name: secret })
    await expectCode(
      h.client.enableSecretVersion({ name, etag: secretNow.etag }),
      status.FAILED_PRECONDITION,
    )
  })

  it('needs a version number (not latest) and answers NOT_FOUND for a missing one', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    await addText(h.client, secret, 'x')
    await expectCode(
      h.client.disableSecretVersion({ name: `${secret}/versions/latest` }),
      status.INVALID_ARGUMENT,
    )
    await expectCode(
      h.client.disableSecretVersion({ name: `${secret}/versions/5` }),
      status.NOT_FOUND,
    )
  })
})
