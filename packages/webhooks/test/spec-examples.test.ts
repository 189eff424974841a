/**
 * The published examples of Standard Webhooks. The spec itself
 * (standard-webhooks/standard-webhooks, spec/standard-webhooks.md) shows the
 * signed content and a header but not the secret behind it, so its header is
 * checked for parsing only. The signing vector and the verification cases come
 * from the reference libraries' own test suites, which every implementation
 * shares: libraries/javascript/src/webhook.test.ts and
 * libraries/go/webhook_test.go in the same repository.
 */
import { describe, expect, it } from 'vitest'
import { parseSignatures } from '../src/_signature.js'
import { WebhookVerificationError, webhookSigner, webhookVerifier } from '../src/index.js'
import { SPEC_SECRET, testStore } from './_store.js'

const MSG_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek'
const PAYLOAD = '{"test": 2432232314}'
const TIMESTAMP = 1614265330
const EXPECTED = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
const ctx = { accessor: 'ops' }

async function setup(secret = SPEC_SECRET, at = TIMESTAMP * 1000) {
  const t = testStore(at)
  await t.scope.set('WEBHOOK_KEY', secret, ctx)
  const options = { secrets: t.scope, name: 'WEBHOOK_KEY', accessor: 'test', now: t.now }
  return { ...t, signer: webhookSigner(options), verifier: webhookVerifier(options) }
}

/** The libraries' TestPayload: headers of the default message signed at `seconds`. */
function headersAt(seconds: number, signature = EXPECTED) {
  return {
    'webhook-id': MSG_ID,
    'webhook-timestamp': String(seconds),
    'webhook-signature': signature,
  }
}

async function reason(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(WebhookVerificationError.isInstance(error), String(error)).toBe(true)
  return (error as WebhookVerificationError).reason
}

describe('the reference libraries’ signing vector', () => {
  it('signs msg_p5jXN8AQM9LWM0D4loKWxJek at 1614265330 to g0hM9SsE…', async () => {
    const { signer } = await setup()
    const headers = await signer.sign({
      id: MSG_ID,
      body: PAYLOAD,
      timestamp: new Date(TIMESTAMP * 1000),
    })
    expect(headers).toEqual(headersAt(TIMESTAMP))
  })

  it('verifies it, with or without the whsec_ prefix, and from bytes', async () => {
    for (const secret of [SPEC_SECRET, SPEC_SECRET.slice('whsec_'.length)]) {
      const { verifier } = await setup(secret)
      const verified = await verifier.verify({ headers: headersAt(TIMESTAMP), body: PAYLOAD })
      expect(verified).toEqual({ id: MSG_ID, timestamp: new Date(TIMESTAMP * 1000), keyVersion: 1 })
      const bytes = new TextEncoder().encode(PAYLOAD)
      await expect(
        verifier.verify({ headers: headersAt(TIMESTAMP), body: bytes }),
      ).resolves.toEqual(verified)
    }
  })
})

describe('the reference libraries’ verification cases', () => {
  it('missing id, timestamp or signature', async () => {
    const { verifier } = await setup()
    for (const [header, expected] of [
      ['webhook-id', 'missing_headers'],
      ['webhook-timestamp', 'missing_headers'],
      ['webhook-signature', 'missing_signature'],
    ] as const) {
      const headers: Record<string, string> = headersAt(TIMESTAMP)
      delete headers[header]
      expect(await reason(verifier.verify({ headers, body: PAYLOAD }))).toBe(expected)
    }
  })

  it('invalid timestamp "hello"', async () => {
    const { verifier } = await setup()
    const headers = { ...headersAt(TIMESTAMP), 'webhook-timestamp': 'hello' }
    expect(await reason(verifier.verify({ headers, body: PAYLOAD }))).toBe('bad_format')
  })

  it('invalid and partial signatures', async () => {
    const { verifier } = await setup()
    for (const signature of ['v1,dawfeoifkpqwoekfpqoekf', EXPECTED.slice(0, 8), 'v1,']) {
      const headers = headersAt(TIMESTAMP, signature)
      expect(await reason(verifier.verify({ headers, body: PAYLOAD }))).toBe('bad_format')
    }
    const wrong = headersAt(TIMESTAMP, 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=')
    expect(await reason(verifier.verify({ headers: wrong, body: PAYLOAD }))).toBe('mismatch')
  })

  it('old and new timestamps beyond the 5 minute tolerance', async () => {
    const { verifier } = await setup(SPEC_SECRET, (TIMESTAMP + 301) * 1000)
    expect(await reason(verifier.verify({ headers: headersAt(TIMESTAMP), body: PAYLOAD }))).toBe(
      'stale_timestamp',
    )
    const early = await setup(SPEC_SECRET, (TIMESTAMP - 301) * 1000)
    expect(
      await reason(early.verifier.verify({ headers: headersAt(TIMESTAMP), body: PAYLOAD })),
    ).toBe('stale_timestamp')
    const edge = await setup(SPEC_SECRET, (TIMESTAMP + 300) * 1000)
    await expect(
      edge.verifier.verify({ headers: headersAt(TIMESTAMP), body: PAYLOAD }),
    ).resolves.toBeDefined()
  })

  it('a multi-signature header with one valid v1 signature among others', async () => {
    const { verifier } = await setup()
    const signature = [
      'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
      'v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
      EXPECTED,
      'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
    ].join(' ')
    await expect(
      verifier.verify({ headers: headersAt(TIMESTAMP, signature), body: PAYLOAD }),
    ).resolves.toMatchObject({ id: MSG_ID })
  })
})

describe('the spec’s example header', () => {
  it('reads one v1 signature and skips the v1a (ed25519) one', () => {
    const header =
      'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4= v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg=='
    const tags = parseSignatures(header)
    expect(tags?.map((t) => t.toString('base64'))).toEqual([
      'K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
    ])
  })
})
