/**
 * AES-256-GCM engines (NIST SP 800-38D) behind one small interface.
 *
 * Two implementations give identical bytes for the same key, nonce and AAD:
 * `node` (node:crypto, OpenSSL with hardware AES) and `noble` (@noble/ciphers,
 * audited pure JS that runs in browsers, edge runtimes, Deno and Bun). `auto`
 * picks `node` wherever node:crypto can be loaded.
 * @module
 */
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import { _checked, type AeadEngine } from './_aead.js'
import { nobleEngine } from './noble-engine.js'
import { loadNodeEngine } from './node-engine.js'

export { type AeadEngine, KEY_BYTES, NONCE_BYTES, TAG_BYTES, TAG_MISMATCH } from './_aead.js'

/** Which AES-256-GCM implementation to use. */
export type EngineName = 'auto' | 'node' | 'noble'

const noble = _checked(nobleEngine)
let node: AeadEngine | null | undefined

/**
 * Returns the engine to use.
 * @param name `auto` (default), `node` or `noble`
 * @throws {InvalidArgumentError} for an unknown name, or `node` where node:crypto is absent
 */
export function selectEngine(name: EngineName = 'auto'): AeadEngine {
  if (name === 'noble') return noble
  if (name === 'node' || name === 'auto') {
    if (node === undefined) {
      const loaded = loadNodeEngine()
      node = loaded ? _checked(loaded) : null
    }
    if (node) return node
    if (name === 'node') {
      throw new InvalidArgumentError(
        'engine "node" needs node:crypto, which this runtime lacks; use "noble" or "auto"',
      )
    }
    return noble
  }
  throw new InvalidArgumentError(
    `engine must be "auto", "node" or "noble", got ${JSON.stringify(String(name)).slice(0, 40)}`,
  )
}
