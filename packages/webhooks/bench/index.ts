/**
 * Benchmark of @secrets/webhooks (`pnpm --filter @secrets/webhooks bench`):
 * verifying one signed delivery, ours beside the `standardwebhooks` package in
 * the same run (the library with `jsonParse: false`, so that both only
 * verify). Ours reads its keys from a store on the memory backend: once
 * per minute with `cacheTtlMs` (the hot-path setting, comparable to a library
 * holding the key), and once per delivery without it (an audited `getActive`
 * each time). Only the ratios within one run mean anything.
 */
import { measure, printRatios } from '@secrets/bench-kit'
import { createSecrets, generateMasterKey, Keyring, memoryBackend } from '@secrets/core'
import { Webhook } from 'standardwebhooks'
import { generateWebhookSecret, webhookSigner, webhookVerifier } from '../src/index.js'

const secrets = createSecrets({
  backend: memoryBackend(),
  keyring: Keyring.fromKeys({ keys: { k: generateMasterKey() } }),
  audit: () => {},
})
const scope = secrets.scope({ tenant: 'bench' })
const secret = generateWebhookSecret()
await scope.set('WEBHOOK_KEY', secret)
const options = { secrets: scope, name: 'WEBHOOK_KEY', accessor: 'bench' }
const body = JSON.stringify({
  type: 'invoice.paid',
  timestamp: new Date().toISOString(),
  data: { id: 'in_1NkXyZ', customer: 'cus_9s6XKzkNRiz8i3', amount: 4200, currency: 'eur' },
})
const headers = await webhookSigner(options).sign({ id: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', body })

const library = new Webhook(secret)
const cached = webhookVerifier({ ...options, cacheTtlMs: 60_000 })
const uncached = webhookVerifier(options)
for (const check of [
  () => library.verify(body, headers, { jsonParse: false }),
  () => cached.verify({ headers, body }),
  () => uncached.verify({ headers, body }),
]) {
  await check() // each must accept the delivery, or the figures would mean nothing
}

const baseline = 'standardwebhooks Webhook.verify (baseline)'
const rates = await measure([
  { name: baseline, run: () => library.verify(body, headers, { jsonParse: false }) },
  { name: 'webhookVerifier, cacheTtlMs 60 s', run: () => cached.verify({ headers, body }) },
  {
    name: 'webhookVerifier, no cache (audited read each)',
    run: () => uncached.verify({ headers, body }),
  },
])
printRatios(`verify one delivery (${body.length}-byte body, median of 7 rounds)`, rates, baseline)
