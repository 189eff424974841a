/**
 * Interop both ways with the npm `standardwebhooks` package (the reference
 * JavaScript library) and `svix`'s verifier: what we sign they verify, and
 * what they sign we verify, including the two-signature headers of a
 * rotation's overlap and Svix's own `svix-*` header names.
 */
import { Webhook as StandardWebhook } from 'standardwebhooks'
import { Webhook as SvixWebhook } from 'svix'
import { describe, expect, it } from 'vitest'
import { generateWebhookSecret, webhookSigner, webhookVerifier } from '../src/index.js'
import { testStore } from './_store.js'

const ctx = { accessor: 'ops' }
const body = JSON.stringify({
  type: 'invoice.paid',
  data: { id: 'in_1', amount: 4200, note: 'é ✓' },
})

async function withSecret(secret: string) {
  const t = testStore()
  await t.scope.set('WEBHOOK_KEY', secret, ctx)
  const options = { secrets: t.scope, name: 'WEBHOOK_KEY', accessor: 'test' }
  return { ...t, signer: webhookSigner(options), verifier: webhookVerifier(options) }
}

describe('interop with standardwebhooks and svix', () => {
  for (const bytes of [24, 32, 64]) {
    it(`our signatures verify with both libraries (${bytes}-byte key)`, async () => {
      const secret = generateWebhookSecret(bytes)
      const { signer } = await withSecret(secret)
      const headers = await signer.sign({ id: `msg_${bytes}`, body })
      expect(() => new StandardWebhook(secret).verify(body, headers)).not.toThrow()
      expect(() => new SvixWebhook(secret).verify(body, headers)).not.toThrow()
      const svixHeaders = {
        'svix-id': headers['webhook-id'],
        'svix-timestamp': headers['webhook-timestamp'],
        'svix-signature': headers['webhook-signature'],
      }
      expect(() => new SvixWebhook(secret).verify(body, svixHeaders)).not.toThrow()
      expect(() => new StandardWebhook(secret).verify(`${body} `, headers)).toThrow()
    })

    it(`their signatures verify with ours (${bytes}-byte key)`, async () => {
      const secret = generateWebhookSecret(bytes)
      const { verifier } = await withSecret(secret)
      const at = new Date()
      const seconds = String(Math.floor(at.getTime() / 1000))
      for (const signature of [
        new StandardWebhook(secret).sign('msg_std', at, body),
        new SvixWebhook(secret).sign('msg_std', at, body),
      ]) {
        const headers = {
          'webhook-id': 'msg_std',
          'webhook-timestamp': seconds,
          'webhook-signature': signature,
        }
        await expect(verifier.verify({ headers, body })).resolves.toMatchObject({ id: 'msg_std' })
        const svix = {
          'Svix-Id': 'msg_std',
          'Svix-Timestamp': seconds,
          'Svix-Signature': signature,
        }
        await expect(verifier.verify({ headers: svix, body })).resolves.toMatchObject({
          id: 'msg_std',
        })
        await expect(
          verifier.verify({ headers: new Headers(headers), body }),
        ).resolves.toBeDefined()
      }
    })
  }

  it('during an overlap, both libraries verify with either key', async () => {
    const oldSecret = generateWebhookSecret()
    const newSecret = generateWebhookSecret()
    const { scope, signer } = await withSecret(oldSecret)
    await scope.rotate('WEBHOOK_KEY', newSecret, { overlapMs: 3_600_000, ...ctx })
    const headers = await signer.sign({ id: 'msg_overlap', body })
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2)
    for (const secret of [oldSecret, newSecret]) {
      expect(() => new StandardWebhook(secret).verify(body, headers)).not.toThrow()
      expect(() => new SvixWebhook(secret).verify(body, headers)).not.toThrow()
    }
    expect(() => new StandardWebhook(generateWebhookSecret()).verify(body, headers)).toThrow(
      'No matching signature found',
    )
  })

  it('a library signing with either key verifies with ours during the overlap', async () => {
    const oldSecret = generateWebhookSecret()
    const newSecret = generateWebhookSecret()
    const { scope, verifier } = await withSecret(oldSecret)
    await scope.rotate('WEBHOOK_KEY', newSecret, { overlapMs: 3_600_000, ...ctx })
    const at = new Date()
    const seconds = String(Math.floor(at.getTime() / 1000))
    const versions = []
    for (const secret of [newSecret, oldSecret]) {
      const signature = new StandardWebhook(secret).sign('msg_rot', at, body)
      const headers = {
        'webhook-id': 'msg_rot',
        'webhook-timestamp': seconds,
        'webhook-signature': signature,
      }
      versions.push((await verifier.verify({ headers, body })).keyVersion)
    }
    expect(versions).toEqual([2, 1])
  })
})
