/**
 * Envelope seal+open per engine, beside the same two AES-256-GCM operations
 * each way done directly with node:crypto, and beside @47ng/cloak.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { decryptStringSync, encryptStringSync, generateKey } from '@47ng/cloak'
import { measure, printRatios } from '@secrets/bench-kit'
import { createEnvelopeCipher, generateMasterKey, Keyring } from '../src/index.js'

const kek = randomBytes(32)

/** The baseline: wrap a fresh DEK and seal the value, then unwrap and open, straight on node:crypto. */
function nodeDirect(value: Buffer, aad: Buffer): void {
  const dek = randomBytes(32)
  const n1 = randomBytes(12)
  const n2 = randomBytes(12)
  const c1 = createCipheriv('aes-256-gcm', dek, n1)
  c1.setAAD(aad)
  const body = Buffer.concat([c1.update(value), c1.final()])
  const t1 = c1.getAuthTag()
  const c2 = createCipheriv('aes-256-gcm', kek, n2)
  const wrapped = Buffer.concat([c2.update(dek), c2.final()])
  const t2 = c2.getAuthTag()
  const d2 = createDecipheriv('aes-256-gcm', kek, n2)
  d2.setAuthTag(t2)
  const dek2 = Buffer.concat([d2.update(wrapped), d2.final()])
  const d1 = createDecipheriv('aes-256-gcm', dek2, n1)
  d1.setAAD(aad)
  d1.setAuthTag(t1)
  Buffer.concat([d1.update(body), d1.final()])
}

/** Prints the crypto table for a 64-byte and a 4 KiB value. */
export async function benchCrypto(): Promise<void> {
  const keyring = Keyring.fromKeys({ keys: { bench: generateMasterKey() } })
  const aad = Buffer.from('@secrets/value/v1\u0000tenant=acme\u0000API_KEY')
  const cloakKey = generateKey()
  for (const size of [64, 4096]) {
    const text = 'x'.repeat(size)
    const value = Buffer.from(text)
    const engines = (['node', 'noble'] as const).map((engine) => {
      const cipher = createEnvelopeCipher({ keyring, engine })
      return {
        name: `@secrets/core ${engine} engine`,
        run: () => cipher.open(cipher.seal(value, aad), aad),
      }
    })
    const rates = await measure([
      { name: 'node:crypto direct (baseline)', run: () => nodeDirect(value, aad) },
      ...engines,
      {
        name: '@47ng/cloak (sync)',
        run: () => decryptStringSync(encryptStringSync(text, cloakKey), cloakKey),
      },
    ])
    printRatios(`Envelope seal+open, ${size}-byte value`, rates, 'node:crypto direct (baseline)')
  }
}
