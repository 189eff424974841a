/**
 * AES-256-GCM engines (NIST SP 800-38D) behind one small interface.
 *
 * Two implementations give identical bytes for the same key, nonce and AAD:
 * `node` (node:crypto, OpenSSL with hardware AES) and `noble` (@noble/ciphers,
 * audited pure JS that runs in browsers, edge runtimes, Deno and Bun). `auto`
 * picks `node` wherever node:crypto can be loaded.
 * @module
 */
import { DecryptionError } from '../errors/decryption-error.js'
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import { nobleEngine } from './noble-engine.js'
import { loadNodeEngine } from './node-engine.js'

/** Which AES-256-GCM implementation to use. */
export type EngineName = 'auto' | 'node' | 'noble'

/** AES-256-GCM with 96-bit nonces and 128-bit tags. */
export interface AeadEngine {
  /** The implementation's name. */
  readonly name: 'node' | 'noble'
  /**
   * Encrypts and authenticates.
   * @param key 32 bytes
   * @param nonce 12 bytes, never reused with the same key
   * @param plaintext any length
   * @param aad associated data, authenticated but not encrypted
   * @returns ciphertext followed by the 16-byte tag
   */
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array
  /**
   * Verifies and decrypts.
   * @returns the plaintext
   * @throws {DecryptionError} when the tag does not verify
   */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array
}

/** AES-GCM tag length in bytes. */
export const TAG_BYTES = 16
/** AES-GCM nonce length in bytes. */
export const NONCE_BYTES = 12
/** AES-256 key length in bytes. */
export const KEY_BYTES = 32

/** The single message both engines give for a failed tag check. */
export const TAG_MISMATCH =
  'Envelope failed authentication: it was altered, moved, or sealed under another key'

/**
 * Returns the engine to use.
 * @param name `auto` (default), `node` or `noble`
 * @throws {InvalidArgumentError} for an unknown name, or `node` where node:crypto is absent
 */
export function selectEngine(name: EngineName = 'auto'): AeadEngine {
  if (name === 'noble') return nobleEngine
  if (name === 'node' || name === 'auto') {
    const node = loadNodeEngine()
    if (node) return node
    if (name === 'node') {
      throw new InvalidArgumentError(
        'engine "node" needs node:crypto, which this runtime lacks; use "noble" or "auto"',
      )
    }
    return nobleEngine
  }
  throw new InvalidArgumentError(
    `engine must be "auto", "node" or "noble", got ${JSON.stringify(String(name)).slice(0, 40)}`,
  )
}

/** Throws the uniform tag-mismatch error; engines never leak their own exceptions. */
export function _tagMismatch(): never {
  throw new DecryptionError(TAG_MISMATCH)
}
