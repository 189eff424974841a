/**
 * What both AES-256-GCM engines share (NIST SP 800-38D): sizes, the single
 * tag-mismatch error, and the one wrapper that checks every input before an
 * engine sees it. Internal: the engines import this module, and
 * `aead-engine.ts` imports the engines, so no module imports its importer.
 * @module
 */
import { DecryptionError } from '../errors/decryption-error.js'

/** AES-GCM tag length in bytes. */
export const TAG_BYTES = 16
/** AES-GCM nonce length in bytes (96 bits, the only length either engine accepts). */
export const NONCE_BYTES = 12
/** AES-256 key length in bytes (32: AES-128/192 keys are refused, never run). */
export const KEY_BYTES = 32

/** The single message both engines give for a failed tag check. */
export const TAG_MISMATCH =
  'Envelope failed authentication: it was altered, moved, or sealed under another key'

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
   * @throws {TypeError} when an input is not a Uint8Array
   * @throws {RangeError} for a key that is not 32 bytes or a nonce that is not 12
   */
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array
  /**
   * Verifies and decrypts.
   * @returns the plaintext
   * @throws {DecryptionError} when the tag does not verify
   * @throws {TypeError} / {RangeError} as {@link AeadEngine.seal}
   */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array
}

/** Throws the uniform tag-mismatch error; engines never leak their own exceptions. */
export function _tagMismatch(): never {
  throw new DecryptionError(TAG_MISMATCH)
}

function bytes(value: unknown, what: string, length?: number): void {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(
      `"${what}" expected Uint8Array, got ${value === null ? 'null' : typeof value}`,
    )
  }
  if (length !== undefined && value.length !== length) {
    throw new RangeError(
      `"${what}" expected Uint8Array of length ${length}, got length=${value.length}`,
    )
  }
}

/**
 * Wraps an engine so that every call checks its inputs first: a 32-byte key,
 * a 12-byte nonce, byte arrays throughout. Without it, @noble/ciphers would
 * run AES-128 or AES-192 for a 16- or 24-byte key, where node:crypto throws.
 */
export function _checked(engine: AeadEngine): AeadEngine {
  const inputs = (key: unknown, nonce: unknown, data: unknown, dataName: string, aad: unknown) => {
    bytes(key, 'key', KEY_BYTES)
    bytes(nonce, 'nonce', NONCE_BYTES)
    bytes(data, dataName)
    bytes(aad, 'aad')
  }
  const checked: AeadEngine = {
    name: engine.name,
    seal(key, nonce, plaintext, aad) {
      inputs(key, nonce, plaintext, 'plaintext', aad)
      return engine.seal(key, nonce, plaintext, aad)
    },
    open(key, nonce, sealed, aad) {
      inputs(key, nonce, sealed, 'sealed', aad)
      return engine.open(key, nonce, sealed, aad)
    },
  }
  return Object.freeze(checked)
}
