/**
 * `get` through the store on the memory backend, uncached and cached, beside
 * the raw envelope open it is built on.
 */

import { measure, printRatios } from '@secrets/bench-kit'
import {
  createEnvelopeCipher,
  createSecrets,
  generateMasterKey,
  Keyring,
  memoryBackend,
} from '../src/index.js'

/** Prints the store table. */
export async function benchStore(): Promise<void> {
  const keyring = Keyring.fromKeys({ keys: { bench: generateMasterKey() } })
  const value = 'x'.repeat(64)
  const cipher = createEnvelopeCipher({ keyring })
  const aad = new TextEncoder().encode('@secrets/value/v1\u0000tenant=acme\u0000API_KEY')
  const envelope = cipher.seal(value, aad)
  const decoder = new TextDecoder()
  // A sink that keeps nothing, so memory stays flat; audit dispatch is still measured.
  const audit = { write() {} }
  const uncached = createSecrets({ backend: memoryBackend(), keyring, audit }).scope({
    tenant: 'acme',
  })
  const cached = createSecrets({
    backend: memoryBackend(),
    keyring,
    audit,
    cache: { ttlMs: 3_600_000 },
  }).scope({ tenant: 'acme' })
  await uncached.set('API_KEY', value)
  await cached.set('API_KEY', value)
  const ctx = { accessor: 'bench', reason: 'bench' }
  const rates = await measure([
    { name: 'raw envelope open (baseline)', run: () => decoder.decode(cipher.open(envelope, aad)) },
    { name: 'store get, uncached', run: () => uncached.get('API_KEY', ctx) },
    { name: 'store get, cached', run: () => cached.get('API_KEY', ctx) },
  ])
  printRatios(
    'get on the memory backend (64-byte value, audited)',
    rates,
    'raw envelope open (baseline)',
  )
}
