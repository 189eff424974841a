/**
 * Fernet tokens, as Python's `cryptography.fernet` writes them: the URL-safe
 * base64 of `0x80 ‖ timestamp (8 bytes, big-endian seconds) ‖ IV (16) ‖
 * AES-128-CBC ciphertext (PKCS#7) ‖ HMAC-SHA256 (32)`, the HMAC over
 * everything before it. The key is the URL-safe base64 of 32 bytes: the first
 * 16 sign, the last 16 encrypt.
 * Spec: https://github.com/fernet/spec/blob/master/Spec.md
 * @module
 */
import { createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto'
import { DecryptionError, InvalidArgumentError } from '@secrets/core'

/** Options of {@link fernetDecrypt}. */
export interface FernetDecryptOptions {
  /**
   * Refuse tokens older than this many seconds, and tokens dated more than
   * 60 s ahead (Python's `decrypt(token, ttl)`). @default no limit, as `decrypt(token)`
   */
  ttlSeconds?: number
  /** The time the TTL is checked against. @default new Date() */
  now?: Date
}

/** A Fernet key split into its halves. */
export interface FernetKey {
  signing: Buffer
  encryption: Buffer
}

const VERSION = 0x80
/** Python's `_MAX_CLOCK_SKEW`. */
const MAX_CLOCK_SKEW_SECONDS = 60
const HEADER = 1 + 8 + 16
const HMAC_BYTES = 32
const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/

/** Strict URL-safe base64 (padding optional): null unless it re-encodes to the same text. */
function base64url(text: string): Buffer | null {
  if (!BASE64URL.test(text)) return null
  const bytes = Buffer.from(text, 'base64url')
  return bytes.toString('base64url') === text.replace(/=+$/, '') ? bytes : null
}

/**
 * Parses Fernet keys (`Fernet.generate_key()`), once.
 * @param key one key, or several as `MultiFernet` takes them (the first is tried first)
 * @throws {InvalidArgumentError} when a key is not the URL-safe base64 of 32 bytes (the message names its position only)
 */
export function parseFernetKeys(key: string | readonly string[]): FernetKey[] {
  const keys = typeof key === 'string' ? [key] : [...(key ?? [])]
  if (keys.length === 0) throw new InvalidArgumentError('A Fernet key is required')
  return keys.map((text, i) => {
    const bytes = typeof text === 'string' ? base64url(text) : null
    if (bytes?.length !== 32) {
      throw new InvalidArgumentError(
        `Fernet key ${i + 1} of ${keys.length} is not the URL-safe base64 of 32 bytes`,
      )
    }
    return { signing: bytes.subarray(0, 16), encryption: bytes.subarray(16, 32) }
  })
}

/**
 * Decrypts a Fernet token.
 *
 * The HMAC is checked, in constant time and against every key, before any
 * decryption, so a tampered token never reaches the cipher; the messages
 * say which check failed and hold nothing of the token or the key.
 * @param token the token, as `Fernet.encrypt` returned it
 * @param key the key(s), as strings or as {@link parseFernetKeys} returned them
 * @param options an optional TTL and clock
 * @returns the plaintext bytes
 * @throws {DecryptionError} for a malformed, expired, future-dated or tampered token
 * @throws {InvalidArgumentError} for a malformed key
 * @example
 * ```ts
 * const plaintext = new TextDecoder().decode(fernetDecrypt(token, process.env.FERNET_KEY!))
 * ```
 */
export function fernetDecrypt(
  token: string,
  key: string | readonly string[] | readonly FernetKey[],
  options: FernetDecryptOptions = {},
): Uint8Array {
  const keys = isParsed(key) ? key : parseFernetKeys(key as string | readonly string[])
  const data = typeof token === 'string' ? base64url(token) : null
  if (!data) throw new DecryptionError('The Fernet token is not URL-safe base64')
  if (data.length < 9 || data[0] !== VERSION) {
    throw new DecryptionError('The Fernet token does not start with version 0x80')
  }
  if (options.ttlSeconds !== undefined) checkTime(data, options.ttlSeconds, options.now)
  if (data.length < HEADER + 16 + HMAC_BYTES)
    throw new DecryptionError('The Fernet token is too short')
  const signed = data.subarray(0, data.length - HMAC_BYTES)
  const tag = data.subarray(data.length - HMAC_BYTES)
  let match: FernetKey | undefined
  for (const k of keys) {
    const expected = createHmac('sha256', k.signing).update(signed).digest()
    if (timingSafeEqual(expected, tag)) match ??= k
  }
  if (!match) throw new DecryptionError('The Fernet token’s HMAC does not match the key')
  const ciphertext = data.subarray(HEADER, data.length - HMAC_BYTES)
  if (ciphertext.length % 16 !== 0) {
    throw new DecryptionError('The Fernet ciphertext is not a whole number of blocks')
  }
  try {
    const decipher = createDecipheriv('aes-128-cbc', match.encryption, data.subarray(9, HEADER))
    return Buffer.concat([decipher.update(ciphertext), decipher.final()])
  } catch {
    throw new DecryptionError('The Fernet plaintext’s padding is invalid')
  }
}

function isParsed(key: unknown): key is readonly FernetKey[] {
  return Array.isArray(key) && key.length > 0 && typeof key[0] === 'object'
}

/** The TTL and clock-skew checks of `decrypt(token, ttl)`. */
function checkTime(data: Buffer, ttlSeconds: number, now = new Date()): void {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds < 0) {
    throw new InvalidArgumentError('"ttlSeconds" must be a number of seconds, 0 or more')
  }
  const issued = Number(data.readBigUInt64BE(1))
  const current = Math.floor(now.getTime() / 1000)
  if (issued + ttlSeconds < current) throw new DecryptionError('The Fernet token has expired')
  if (current + MAX_CLOCK_SKEW_SECONDS < issued) {
    throw new DecryptionError('The Fernet token is dated in the future')
  }
}
