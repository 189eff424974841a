/**
 * `get` through the store on the memory backend, uncached and cached, beside
 * a raw envelope open done directly with node:crypto (unwrap the data key,
 * open the value); and 20 concurrent appends through the v2 contract (the
 * backend asks for the payload of the version it assigns) beside the
 * compare-and-set loop the store runs for v1 backends.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { measure, printRatios, printTable, timeRounds } from '@secrets/bench-kit'
import {
  createEnvelopeCipher,
  createSecrets,
  generateMasterKey,
  Keyring,
  memoryBackend,
} from '../src/index.js'
import { asV1 } from '../test/_helpers.js'

/** A sealed value and its wrapped data key, as an envelope holds them. */
function rawEnvelope(value: Buffer, aad: Buffer) {
  const kek = randomBytes(32)
  const dek = randomBytes(32)
  const [n1, n2] = [randomBytes(12), randomBytes(12)]
  const c1 = createCipheriv('aes-256-gcm', dek, n1).setAAD(aad)
  const body = Buffer.concat([c1.update(value), c1.final()])
  const t1 = c1.getAuthTag()
  const c2 = createCipheriv('aes-256-gcm', kek, n2).setAAD(aad)
  const wrapped = Buffer.concat([c2.update(dek), c2.final()])
  const t2 = c2.getAuthTag()
  return () => {
    const d2 = createDecipheriv('aes-256-gcm', kek, n2).setAAD(aad).setAuthTag(t2)
    const key = Buffer.concat([d2.update(wrapped), d2.final()])
    const d1 = createDecipheriv('aes-256-gcm', key, n1).setAAD(aad).setAuthTag(t1)
    return Buffer.concat([d1.update(body), d1.final()]).toString('utf8')
  }
}

/** Prints the store tables. */
export async function benchStore(): Promise<void> {
  const keyring = Keyring.fromKeys({ keys: { bench: generateMasterKey() } })
  const value = 'x'.repeat(64)
  const open = rawEnvelope(
    Buffer.from(value),
    Buffer.from('@secrets/value/v2\u0000tenant=acme\u0000API_KEY\u00001'),
  )
  // A sink that keeps nothing, so memory stays flat; audit dispatch is still measured.
  const audit = () => {}
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
  const cipher = createEnvelopeCipher({ keyring, engine: 'node' })
  const aad = new TextEncoder().encode('@secrets/value/v2\u0000tenant=acme\u0000API_KEY\u00001')
  const envelope = cipher.seal(value, aad)
  const decoder = new TextDecoder()
  const base = 'raw envelope open, node:crypto (baseline)'
  const rates = await measure([
    { name: base, run: open },
    {
      name: 'library envelope open, node engine',
      run: () => decoder.decode(cipher.open(envelope, aad)),
    },
    { name: 'store get, uncached', run: () => uncached.get('API_KEY', ctx) },
    { name: 'store get, cached', run: () => cached.get('API_KEY', ctx) },
  ])
  printRatios('get on the memory backend (64-byte value, audited to a function sink)', rates, base)

  const appends = (v1: boolean) => async () => {
    const backend = v1 ? asV1(memoryBackend()) : memoryBackend()
    const s = createSecrets({ backend, keyring, audit: false }).scope({ t: 'hot' })
    await s.set('HOT', 'v0')
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.rotate('HOT', `r${i}`)))
  }
  const ms = await timeRounds(
    [
      { name: 'v2: backend asks for the payload of its version (baseline)', run: appends(false) },
      { name: 'v1: store seals for latest+1, compare-and-set, retry', run: appends(true) },
    ],
    15,
  )
  const baseline = [...ms.values()][0]!
  printTable(
    '20 concurrent appends of version-bound envelopes (memory backend), time against the v2 contract',
    [...ms].map(([path, t]) => ({ path, 'time ratio': (t / baseline).toFixed(2) })),
  )
}
