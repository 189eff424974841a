/**
 * AES-256-GCM through node:crypto (OpenSSL, hardware AES where the CPU has it).
 *
 * node:crypto is reached through `process.getBuiltinModule` rather than a static
 * import so that bundles of this package still load where it is absent
 * (browsers, some edge runtimes); there the `noble` engine is used.
 * @module
 */
import type * as NodeCrypto from 'node:crypto'
import { _tagMismatch, type AeadEngine, TAG_BYTES } from './_aead.js'

let cached: AeadEngine | null | undefined

/** Loads the node:crypto engine, or returns null where node:crypto is absent. */
export function loadNodeEngine(): AeadEngine | null {
  if (cached !== undefined) return cached
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process?.getBuiltinModule
  const crypto = getBuiltin?.('node:crypto') as typeof NodeCrypto | undefined
  cached = crypto ? createNodeEngine(crypto) : null
  return cached
}

function createNodeEngine(crypto: typeof NodeCrypto): AeadEngine {
  return {
    name: 'node',
    seal(key, nonce, plaintext, aad) {
      const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES })
      if (aad.length > 0) cipher.setAAD(aad)
      const body = cipher.update(plaintext)
      cipher.final()
      const out = new Uint8Array(body.length + TAG_BYTES)
      out.set(body, 0)
      out.set(cipher.getAuthTag(), body.length)
      return out
    },
    open(key, nonce, sealed, aad) {
      if (sealed.length < TAG_BYTES) _tagMismatch()
      const split = sealed.length - TAG_BYTES
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, nonce, {
        authTagLength: TAG_BYTES,
      })
      decipher.setAuthTag(sealed.subarray(split))
      if (aad.length > 0) decipher.setAAD(aad)
      const body = decipher.update(sealed.subarray(0, split))
      try {
        decipher.final()
      } catch {
        body.fill(0)
        _tagMismatch()
      }
      return new Uint8Array(body.buffer, body.byteOffset, body.length)
    },
  }
}
