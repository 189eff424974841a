/**
 * AES-256-GCM through @noble/ciphers: audited, dependency-free JavaScript that
 * runs in every runtime. Slower than node:crypto, constant-time tag checks.
 * @module
 */
import { gcm } from '@noble/ciphers/aes.js'
import { _tagMismatch, type AeadEngine, TAG_BYTES } from './_aead.js'

/** The portable engine. */
export const nobleEngine: AeadEngine = {
  name: 'noble',
  seal(key, nonce, plaintext, aad) {
    return gcm(key, nonce, aad).encrypt(plaintext)
  },
  open(key, nonce, sealed, aad) {
    if (sealed.length < TAG_BYTES) _tagMismatch()
    try {
      return gcm(key, nonce, aad).decrypt(sealed)
    } catch {
      return _tagMismatch()
    }
  },
}
