/** The verifier's refusals: typed, with a reason, never holding a key or a signature. */
import { InvalidArgumentError, InvalidValueError } from '@secrets/core'
import { describe, expect, it } from 'vitest'
import { signatureOf } from '../src/_signature.js'
import {
  generateWebhookSecret,
  WebhookVerificationError,
  webhookSigner,
  webhookVerifier,
} from '../src/index.js'
import { testStore } from './_store.js'

const ctx = { accessor: 'ops' }
const body = '{"type":"user.created"}'

async function setup(secret = generateWebhookSecret(), extra = {}) {
  const t = testStore()
  await t.scope.set('WEBHOOK_KEY', secret, ctx)
  const options = { secrets: t.scope, name: 'WEBHOOK_KEY', accessor: 'svc', now: t.now, ...extra }
  return { ...t, secret, signer: webhookSigner(options), verifier: webhookVerifier(options) }
}

async function refusal(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(WebhookVerificationError.isInstance(error), String(error)).toBe(true)
  return error as WebhookVerificationError
}

describe('webhookVerifier', () => {
  it('rejects a replay through seen(id), called only for authentic deliveries', async () => {
    const ids = new Set<string>()
    const calls: string[] = []
    const seen = (id: string) => {
      calls.push(id)
      if (ids.has(id)) return true
      ids.add(id)
      return false
    }
    const { signer, verifier } = await setup(undefined, { seen })
    const headers = await signer.sign({ id: 'msg_once', body })
    await verifier.verify({ headers, body })
    expect((await refusal(verifier.verify({ headers, body }))).reason).toBe('replayed')
    const forged = { ...headers, 'webhook-id': 'msg_forged' }
    expect((await refusal(verifier.verify({ headers: forged, body }))).reason).toBe('mismatch')
    expect(calls).toEqual(['msg_once', 'msg_once'])
  })

  it('refuses a changed body, id or timestamp', async () => {
    const { signer, verifier } = await setup()
    const headers = await signer.sign({ id: 'msg_a', body })
    const seconds = Number(headers['webhook-timestamp'])
    for (const [h, b] of [
      [headers, `${body} `],
      [{ ...headers, 'webhook-id': 'msg_b' }, body],
      [{ ...headers, 'webhook-timestamp': String(seconds - 1) }, body],
    ] as const) {
      expect((await refusal(verifier.verify({ headers: h, body: b }))).reason).toBe('mismatch')
    }
  })

  it('never puts the key or a signature in the error', async () => {
    const { signer, verifier, secret } = await setup()
    const headers = await signer.sign({ id: 'msg_a', body })
    const error = await refusal(verifier.verify({ headers, body: 'tampered' }))
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
    const expected = signatureOf(key, 'msg_a', Number(headers['webhook-timestamp']), 'tampered')
    const text = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`
    for (const leak of [
      secret.slice('whsec_'.length),
      expected.toString('base64'),
      headers['webhook-signature'].slice(3),
    ]) {
      expect(text).not.toContain(leak)
    }
    expect(error.toJSON()).toEqual({
      name: 'WebhookVerificationError',
      code: 'WEBHOOK_VERIFICATION_FAILED',
      reason: 'mismatch',
      message: error.message,
    })
  })

  it('refuses malformed headers with bad_format', async () => {
    const { signer, verifier } = await setup()
    const headers = await signer.sign({ id: 'msg_a', body })
    const cases: Array<Record<string, string | string[]>> = [
      { ...headers, 'webhook-timestamp': `${headers['webhook-timestamp']}.5` },
      { ...headers, 'webhook-timestamp': `0${headers['webhook-timestamp']}` },
      { ...headers, 'webhook-id': ['msg_a', 'msg_b'] },
      { ...headers, 'webhook-signature': 'v1a,abc v2,def' },
      { ...headers, 'webhook-signature': Array(17).fill(headers['webhook-signature']).join(' ') },
    ]
    for (const h of cases) {
      expect((await refusal(verifier.verify({ headers: h, body }))).reason).toBe('bad_format')
    }
    const repeated = { ...headers, 'webhook-signature': ['v1,bogus', headers['webhook-signature']] }
    await expect(verifier.verify({ headers: repeated, body })).resolves.toBeDefined()
  })

  it('asks for the raw body', async () => {
    const { signer, verifier } = await setup()
    const headers = await signer.sign({ id: 'msg_a', body })
    await expect(
      verifier.verify({ headers, body: JSON.parse(body) as unknown as string }),
    ).rejects.toBeInstanceOf(InvalidArgumentError)
  })

  it('reports a stored value that is not a webhook secret, by sizes only', async () => {
    const { signer } = await setup('whsec_c2hvcnQ=')
    const error = await signer.sign({ id: 'msg', body }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidValueError)
    expect((error as Error).message).toContain('got 5 bytes')
    expect((error as Error).message).not.toContain('c2hvcnQ')
  })

  it('checks its options', () => {
    const t = testStore()
    const base = { secrets: t.scope, name: 'K', accessor: 'svc' }
    for (const bad of [
      { ...base, secrets: undefined },
      { ...base, name: '' },
      { ...base, accessor: '' },
      { ...base, cacheTtlMs: -1 },
      { ...base, toleranceSeconds: Number.NaN },
    ]) {
      expect(() => webhookVerifier(bad as never)).toThrow(InvalidArgumentError)
    }
  })
})

describe('webhookSigner', () => {
  it('refuses ids that the spec forbids and bodies that are not sent bytes', async () => {
    const { signer } = await setup()
    for (const input of [
      { id: 'msg.1', body },
      { id: 'msg 1', body },
      { id: '', body },
      { id: 'msg', body: { a: 1 } },
      { id: 'msg', body, timestamp: new Date(Number.NaN) },
    ]) {
      await expect(signer.sign(input as never)).rejects.toBeInstanceOf(InvalidArgumentError)
    }
  })
})
