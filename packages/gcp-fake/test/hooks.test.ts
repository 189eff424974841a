import { SecretManagerServiceClient } from '@google-cloud/secret-manager'
import { status } from '@grpc/grpc-js'
import { describe, expect, it } from 'vitest'
import { fakeClientOptions, startFakeSecretManager } from '../src/index.js'
import { addText, expectCode, freshProject, makeSecret, useFake } from './helpers.js'

const h = useFake()

describe('call counts', () => {
  it('counts RPCs by method name and resets the counts', async () => {
    h.fake.resetCalls()
    const secret = await makeSecret(h.client, freshProject(), 's')
    await addText(h.client, secret, 'x')
    await h.client.accessSecretVersion({ name: `${secret}/versions/1` })
    await h.client.accessSecretVersion({ name: `${secret}/versions/latest` })
    await expectCode(h.client.getSecret({ name: `${secret}-missing` }), status.NOT_FOUND)
    expect(h.fake.calls()).toEqual({
      CreateSecret: 1,
      AddSecretVersion: 1,
      AccessSecretVersion: 2,
      GetSecret: 1,
    })
    h.fake.resetCalls()
    expect(h.fake.calls()).toEqual({})
  })

  it('answers UNIMPLEMENTED for the RPCs it does not fake, and counts them too', async () => {
    h.fake.resetCalls()
    await expectCode(
      h.client.getIamPolicy({ resource: `${freshProject()}/secrets/s` }),
      status.UNIMPLEMENTED,
    )
    expect(h.fake.calls()).toEqual({ GetIamPolicy: 1 })
  })
})

describe('failNext', () => {
  it('fails only the next call of that method, with the given code and message', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    h.fake.failNext('GetSecret', status.PERMISSION_DENIED, 'nope')
    const message = await expectCode(h.client.getSecret({ name: secret }), status.PERMISSION_DENIED)
    expect(message).toBe('nope')
    const [got] = await h.client.getSecret({ name: secret })
    expect(got.name).toBe(secret)
  })

  it('queues several failures and leaves other methods alone', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    h.fake.failNext('addSecretVersion', status.INTERNAL)
    h.fake.failNext('AddSecretVersion', status.RESOURCE_EXHAUSTED)
    await h.client.getSecret({ name: secret })
    await expectCode(addText(h.client, secret, 'a'), status.INTERNAL)
    await expectCode(addText(h.client, secret, 'b'), status.RESOURCE_EXHAUSTED)
    expect(await addText(h.client, secret, 'c')).toBe(1)
  })

  it('refuses an unknown method name', () => {
    expect(() => h.fake.failNext('AccessSecret', status.INTERNAL)).toThrow(/Unknown/)
  })
})

describe('latency, reset and ports', () => {
  it('delays answers by the set latency', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    h.fake.setLatency(400)
    try {
      const start = performance.now()
      await h.client.getSecret({ name: secret })
      expect(performance.now() - start).toBeGreaterThanOrEqual(390)
    } finally {
      h.fake.setLatency(0)
    }
    const start = performance.now()
    await h.client.getSecret({ name: secret })
    expect(performance.now() - start).toBeLessThan(300)
  })

  it('takes latencyMs, a fixed port and wipes all state on reset', async () => {
    const probe = await startFakeSecretManager()
    const port = probe.port
    await probe.close()
    const fake = await startFakeSecretManager({ port, latencyMs: 100 })
    const client = new SecretManagerServiceClient(fakeClientOptions(fake))
    try {
      expect(fake.address).toBe(`127.0.0.1:${port}`)
      const start = performance.now()
      const secret = await makeSecret(client, 'projects/p', 's')
      expect(performance.now() - start).toBeGreaterThanOrEqual(90)
      fake.failNext('GetSecret', status.INTERNAL)
      fake.reset()
      expect(fake.calls()).toEqual({})
      await expectCode(client.getSecret({ name: secret }), status.NOT_FOUND)
    } finally {
      await client.close()
      await fake.close()
    }
  })
})
