/** Every signing and verification is an audited read, unless the key cache holds the keys. */
import { describe, expect, it } from 'vitest'
import { generateWebhookSecret, webhookSigner, webhookVerifier } from '../src/index.js'
import { testStore } from './_store.js'

const ctx = { accessor: 'ops' }
const body = '{}'

async function setup() {
  const t = testStore()
  await t.scope.set('WEBHOOK_KEY', generateWebhookSecret(), ctx)
  t.audit.clear()
  return t
}

describe('audit', () => {
  it('records one read per signing, with the accessor and reason webhook:sign', async () => {
    const t = await setup()
    const signer = webhookSigner({ secrets: t.scope, name: 'WEBHOOK_KEY', accessor: 'svc:out' })
    await signer.sign({ id: 'msg_a', body })
    await signer.sign({ id: 'msg_b', body })
    expect(t.audit.events.map((e) => [e.action, e.outcome, e.accessor, e.reason])).toEqual([
      ['read', 'success', 'svc:out', 'webhook:sign'],
      ['read', 'success', 'svc:out', 'webhook:sign'],
    ])
  })

  it('records reads of both versions during an overlap, and webhook:verify on the receiving side', async () => {
    const t = await setup()
    await t.scope.rotate('WEBHOOK_KEY', generateWebhookSecret(), { overlapMs: 60_000, ...ctx })
    t.audit.clear()
    const options = { secrets: t.scope, name: 'WEBHOOK_KEY', accessor: 'svc:in', now: t.now }
    const headers = await webhookSigner(options).sign({ id: 'msg_a', body })
    t.audit.clear()
    await webhookVerifier(options).verify({ headers, body })
    expect(t.audit.events.map((e) => [e.version, e.reason])).toEqual([
      [2, 'webhook:verify'],
      [1, 'webhook:verify'],
    ])
  })

  it('reads nothing for a delivery refused before the signatures are checked', async () => {
    const t = await setup()
    const verifier = webhookVerifier({ secrets: t.scope, name: 'WEBHOOK_KEY', accessor: 'svc' })
    const headers = { 'webhook-id': 'msg', 'webhook-timestamp': '1', 'webhook-signature': 'v1,x' }
    await expect(verifier.verify({ headers, body })).rejects.toMatchObject({
      reason: 'stale_timestamp',
    })
    expect(t.audit.events).toEqual([])
  })
})

describe('cacheTtlMs', () => {
  it('reads (and audits) once per TTL, then again', async () => {
    const t = await setup()
    const signer = webhookSigner({
      secrets: t.scope,
      name: 'WEBHOOK_KEY',
      accessor: 'svc',
      cacheTtlMs: 10_000,
      now: t.now,
    })
    await Promise.all([1, 2, 3].map((i) => signer.sign({ id: `msg_${i}`, body })))
    await signer.sign({ id: 'msg_4', body })
    expect(t.audit.events).toHaveLength(1)
    t.clock.ms += 10_000
    await signer.sign({ id: 'msg_5', body })
    expect(t.audit.events).toHaveLength(2)
  })

  it('drops a cached previous key the moment its overlap ends', async () => {
    const t = await setup()
    await t.scope.rotate('WEBHOOK_KEY', generateWebhookSecret(), { overlapMs: 1_000, ...ctx })
    const signer = webhookSigner({
      secrets: t.scope,
      name: 'WEBHOOK_KEY',
      accessor: 'svc',
      cacheTtlMs: 60_000,
      now: t.now,
    })
    const count = async () =>
      (await signer.sign({ id: 'msg', body }))['webhook-signature'].split(' ').length
    expect(await count()).toBe(2)
    t.clock.ms += 1_001
    expect(await count()).toBe(1)
  })

  it('does not keep a failed read', async () => {
    const t = testStore()
    const signer = webhookSigner({
      secrets: t.scope,
      name: 'WEBHOOK_KEY',
      accessor: 'svc',
      cacheTtlMs: 60_000,
    })
    await expect(signer.sign({ id: 'msg', body })).rejects.toMatchObject({
      code: 'SECRET_NOT_FOUND',
    })
    await t.scope.set('WEBHOOK_KEY', generateWebhookSecret(), ctx)
    await expect(signer.sign({ id: 'msg', body })).resolves.toBeDefined()
  })
})
