/**
 * Rotating a key without dropping a delivery: the sender signs with both keys
 * while the overlap lasts, a receiver on either key verifies, and after the
 * overlap only the new key counts.
 */
import { describe, expect, it } from 'vitest'
import {
  generateWebhookSecret,
  WebhookVerificationError,
  webhookSigner,
  webhookVerifier,
} from '../src/index.js'
import { testStore } from './_store.js'

const ctx = { accessor: 'ops' }
const HOUR = 3_600_000
const body = '{"type":"ping"}'

describe('rotation', () => {
  it('keeps every delivery verifiable through the whole procedure', async () => {
    const first = generateWebhookSecret()
    const second = generateWebhookSecret()
    const sender = testStore()
    const receiver = testStore(sender.clock.ms)
    const tick = (ms: number) => {
      sender.clock.ms += ms
      receiver.clock.ms += ms
    }
    await sender.scope.set('WEBHOOK_KEY', first, ctx)
    await receiver.scope.set('WEBHOOK_KEY', first, ctx)
    const signer = webhookSigner({
      secrets: sender.scope,
      name: 'WEBHOOK_KEY',
      accessor: 'svc:sender',
      now: sender.now,
    })
    const verifier = webhookVerifier({
      secrets: receiver.scope,
      name: 'WEBHOOK_KEY',
      accessor: 'svc:receiver',
      now: receiver.now,
    })
    const deliver = async (id: string) =>
      verifier.verify({ headers: await signer.sign({ id, body }), body })

    expect((await deliver('msg_1')).keyVersion).toBe(1)
    // 1. The sender rotates with a 24 h overlap: it signs with both keys.
    await sender.scope.rotate('WEBHOOK_KEY', second, { overlapMs: 24 * HOUR, ...ctx })
    const both = await signer.sign({ id: 'msg_2', body })
    expect(both['webhook-signature'].split(' ')).toHaveLength(2)
    expect((await verifier.verify({ headers: both, body })).keyVersion).toBe(1)
    // 2. The receiver takes the new key, with an overlap of its own.
    tick(2 * HOUR)
    await receiver.scope.rotate('WEBHOOK_KEY', second, { overlapMs: 24 * HOUR, ...ctx })
    expect((await deliver('msg_3')).keyVersion).toBe(2)
    // 3. The sender's overlap ends: one signature, which the receiver verifies.
    tick(23 * HOUR)
    const one = await signer.sign({ id: 'msg_4', body })
    expect(one['webhook-signature'].split(' ')).toHaveLength(1)
    expect((await verifier.verify({ headers: one, body })).keyVersion).toBe(2)
  })

  it('refuses the old key once the overlap is over', async () => {
    const t = testStore()
    const old = generateWebhookSecret()
    await t.scope.set('WEBHOOK_KEY', old, ctx)
    const options = { secrets: t.scope, name: 'WEBHOOK_KEY', accessor: 'svc', now: t.now }
    const oldHeaders = await webhookSigner(options).sign({ id: 'msg_old', body })
    await t.scope.rotate('WEBHOOK_KEY', generateWebhookSecret(), { overlapMs: 60_000, ...ctx })
    const verifier = webhookVerifier({ ...options, toleranceSeconds: 3600 })
    await expect(verifier.verify({ headers: oldHeaders, body })).resolves.toMatchObject({
      keyVersion: 1,
    })
    t.clock.ms += 60_001
    const error = await verifier.verify({ headers: oldHeaders, body }).catch((e: unknown) => e)
    expect(WebhookVerificationError.isInstance(error)).toBe(true)
    expect((error as WebhookVerificationError).reason).toBe('mismatch')
  })
})
