/**
 * Envelope encryption: each value is sealed under a fresh 256-bit data key
 * (DEK), and the DEK is wrapped under the keyring's primary key (KEK). Both
 * layers are AES-256-GCM with fresh random 96-bit nonces. The byte layout is
 * specified in docs/envelope-format.md:
 *
 * ```
 * 0      1    format version (0x02; 0x01 is read)
 * 1      1    L, key id length (1..64): the wrapping key's fingerprint
 * 2      L    key id, ASCII [A-Za-z0-9._-]
 * 2+L    4    CRC-32 of bytes [0, 2+L), big endian
 * 6+L    12   DEK nonce
 * 18+L   48   wrapped DEK: AES-256-GCM(KEK, DEK nonce, DEK, aad = bytes [0, 6+L))
 * 66+L   12   value nonce
 * 78+L   n+16 AES-256-GCM(DEK, value nonce, value, aad = caller's AAD)
 * ```
 *
 * Formats 1 and 2 share this layout. The format byte is authenticated (it is
 * part of the data key's associated data) and tells what the caller bound
 * into the value's associated data: format 2 envelopes are written by stores
 * that bind the version number too (see docs/envelope-format.md), so the
 * store knows which AAD to rebuild when it opens one.
 *
 * Nonce limits: a KEK wraps one DEK per sealed value with a random nonce, so
 * keep well under 2^32 seals per KEK (NIST SP 800-38D §8.3), then rotate it.
 * A DEK seals exactly one value.
 * @module
 */
import { DecryptionError } from '../errors/decryption-error.js'
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import { UnknownKeyError } from '../errors/unknown-key-error.js'
import { type AeadEngine, KEY_BYTES, NONCE_BYTES, TAG_BYTES } from './_aead.js'
import { concatBytes, crc32, randomBytes } from './_bytes.js'
import { type EngineName, selectEngine } from './aead-engine.js'
import { _keyMaterial, KEY_ID_PATTERN, Keyring } from './keyring.js'

/** The format version this release writes. */
export const ENVELOPE_VERSION = 2
/** The format versions this release reads. */
export type EnvelopeFormat = 1 | 2
/** The largest envelope the parser accepts (16 MiB of value plus overhead). */
export const MAX_ENVELOPE_BYTES = 16 * 1024 * 1024 + 256

const WRAPPED_DEK_BYTES = KEY_BYTES + TAG_BYTES
const EMPTY = new Uint8Array(0)

/** Options of {@link createEnvelopeCipher}. */
export interface EnvelopeCipherOptions {
  /** The keys: the primary wraps, every key unwraps. */
  keyring: Keyring
  /**
   * The AES-256-GCM implementation.
   * @default 'auto' (node:crypto where present, else @noble/ciphers)
   */
  engine?: EngineName
}

/** Seals, opens and rewraps envelopes under one keyring. */
export interface EnvelopeCipher {
  /** The engine in use. */
  readonly engine: 'node' | 'noble'
  /** The keyring in use. */
  readonly keyring: Keyring
  /**
   * Seals a value under a fresh data key wrapped by the primary key, in the
   * current format ({@link ENVELOPE_VERSION}).
   * @param plaintext the value (strings are UTF-8 encoded)
   * @param aad associated data that must be given again to open (the store binds scope, name and version)
   * @param format the format byte to write; 1 only for callers that follow format 1's AAD rule
   * @returns the serialised envelope
   */
  seal(plaintext: Uint8Array | string, aad: Uint8Array, format?: EnvelopeFormat): Uint8Array
  /** The length of the envelope {@link EnvelopeCipher.seal} makes of `plaintextBytes` bytes. */
  sealedLength(plaintextBytes: number): number
  /**
   * Opens an envelope.
   * @param aad the associated data it was sealed with, or a function that
   *   returns it for the envelope's format (read from the header once)
   * @returns the plaintext bytes
   * @throws {DecryptionError} for a malformed, altered or moved envelope
   * @throws {UnknownKeyError} when the keyring lacks the envelope's key id
   */
  open(envelope: Uint8Array, aad: Uint8Array | ((format: EnvelopeFormat) => Uint8Array)): Uint8Array
  /**
   * Re-wraps the data key under the current primary key, leaving the format,
   * the value nonce and the ciphertext byte for byte as they were. Needs no AAD.
   * @throws {DecryptionError} / {UnknownKeyError} as {@link EnvelopeCipher.open}
   */
  rewrap(envelope: Uint8Array): Uint8Array
  /**
   * The id of the key that wraps an envelope's data key (header check included).
   * @throws {DecryptionError} for a malformed header
   */
  keyIdOf(envelope: Uint8Array): string
  /**
   * The envelope's header: its format and the id (fingerprint) of its wrapping key.
   * @throws {DecryptionError} for a malformed header
   */
  headerOf(envelope: Uint8Array): EnvelopeHeader
}

/** What an envelope's header says, read without any key. */
export interface EnvelopeHeader {
  /** The format version. */
  format: EnvelopeFormat
  /** The id of the key that wraps the data key: its fingerprint (or a label, in envelopes of older releases). */
  keyId: string
}

interface Parsed extends EnvelopeHeader {
  headerEnd: number
}

/**
 * Creates an envelope cipher.
 * @example
 * ```ts
 * const cipher = createEnvelopeCipher({ keyring: Keyring.fromEnv() })
 * const env = cipher.seal('s3cr3t', aad)
 * new TextDecoder().decode(cipher.open(env, aad)) // 's3cr3t'
 * ```
 */
export function createEnvelopeCipher(options: EnvelopeCipherOptions): EnvelopeCipher {
  const { keyring } = options
  if (!Keyring.isKeyring(keyring)) {
    throw new InvalidArgumentError(
      'keyring must be a Keyring made by this copy of @secrets/core (Keyring.fromEnv(), fromKeys() or fromMasterKey()); a Keyring from another copy, such as the CommonJS build beside the ESM one, cannot lend its keys',
    )
  }
  const aead: AeadEngine = selectEngine(options.engine)
  const encoder = new TextEncoder()
  // The primary's headers never change: build them once, not on every seal.
  const primaryHeaders = {
    1: buildHeader(1, keyring.primaryFingerprint),
    2: buildHeader(2, keyring.primaryFingerprint),
  } as const
  const primaryKek = _keyMaterial(keyring, keyring.primaryFingerprint)!
  const primaryParsed: Parsed = {
    format: ENVELOPE_VERSION,
    keyId: keyring.primaryFingerprint,
    headerEnd: primaryHeaders[ENVELOPE_VERSION].length,
  }

  /** The header of an envelope; the one the primary key writes is recognised by its bytes. */
  function parse(envelope: Uint8Array): Parsed {
    const header = primaryHeaders[ENVELOPE_VERSION]
    if (
      envelope instanceof Uint8Array &&
      envelope.length >= header.length + MIN_BODY_BYTES &&
      envelope.length <= MAX_ENVELOPE_BYTES &&
      startsWith(envelope, header)
    ) {
      return primaryParsed
    }
    return parseHeader(envelope)
  }

  function kekFor(keyId: string): Uint8Array {
    const kek = _keyMaterial(keyring, keyId)
    if (!kek) throw unknownKey(keyring, keyId)
    return kek
  }

  function unwrapDek(envelope: Uint8Array, parsed: Parsed): Uint8Array {
    const kek = kekFor(parsed.keyId)
    const at = parsed.headerEnd
    const dek = aead.open(
      kek,
      envelope.subarray(at, at + NONCE_BYTES),
      envelope.subarray(at + NONCE_BYTES, at + NONCE_BYTES + WRAPPED_DEK_BYTES),
      envelope.subarray(0, at),
    )
    if (dek.length !== KEY_BYTES) throw new DecryptionError('Envelope holds a malformed data key')
    return dek
  }

  return Object.freeze({
    engine: aead.name,
    keyring,
    seal(
      plaintext: Uint8Array | string,
      aad: Uint8Array = EMPTY,
      format: EnvelopeFormat = ENVELOPE_VERSION,
    ): Uint8Array {
      const data = typeof plaintext === 'string' ? encoder.encode(plaintext) : plaintext
      // One call to the CSPRNG for the DEK and both nonces.
      const random = randomBytes(KEY_BYTES + 2 * NONCE_BYTES)
      const dek = random.subarray(0, KEY_BYTES)
      const dekNonce = random.subarray(KEY_BYTES, KEY_BYTES + NONCE_BYTES)
      const valueNonce = random.subarray(KEY_BYTES + NONCE_BYTES)
      try {
        const header = primaryHeaders[format]
        if (header === undefined) throw new InvalidArgumentError('format must be 1 or 2')
        const sealed = aead.seal(dek, valueNonce, data, aad)
        const wrapped = aead.seal(primaryKek, dekNonce, dek, header)
        return concatBytes(header, dekNonce, wrapped, valueNonce, sealed)
      } finally {
        // Best effort: JS gives no guarantee that no copy of the key survives
        // elsewhere in memory (engines and the GC may copy), but this one is wiped.
        random.fill(0)
      }
    },
    open(
      envelope: Uint8Array,
      aad: Uint8Array | ((format: EnvelopeFormat) => Uint8Array) = EMPTY,
    ): Uint8Array {
      const parsed = parse(envelope)
      const associated = typeof aad === 'function' ? aad(parsed.format) : aad
      const dek = unwrapDek(envelope, parsed)
      try {
        const at = parsed.headerEnd + NONCE_BYTES + WRAPPED_DEK_BYTES
        return aead.open(
          dek,
          envelope.subarray(at, at + NONCE_BYTES),
          envelope.subarray(at + NONCE_BYTES),
          associated,
        )
      } finally {
        dek.fill(0) // best effort, see seal
      }
    },
    rewrap(envelope: Uint8Array): Uint8Array {
      const parsed = parse(envelope)
      const dek = unwrapDek(envelope, parsed)
      try {
        const header = primaryHeaders[parsed.format]
        const dekNonce = randomBytes(NONCE_BYTES)
        const wrapped = aead.seal(primaryKek, dekNonce, dek, header)
        const body = envelope.subarray(parsed.headerEnd + NONCE_BYTES + WRAPPED_DEK_BYTES)
        return concatBytes(header, dekNonce, wrapped, body)
      } finally {
        dek.fill(0) // best effort, see seal
      }
    },
    sealedLength(plaintextBytes: number): number {
      return (
        primaryHeaders[2].length +
        NONCE_BYTES +
        WRAPPED_DEK_BYTES +
        NONCE_BYTES +
        plaintextBytes +
        TAG_BYTES
      )
    },
    keyIdOf(envelope: Uint8Array): string {
      return parseHeader(envelope).keyId
    },
    headerOf(envelope: Uint8Array): EnvelopeHeader {
      const { format, keyId } = parseHeader(envelope)
      return { format, keyId }
    },
  })
}

/** The error for an envelope under a key the ring lacks: which key, what the ring holds, how to fix it. */
function unknownKey(keyring: Keyring, keyId: string): UnknownKeyError {
  const held = keyring.keys
    .map((k) => (k.id === k.fingerprint ? k.id : `${k.id} (fingerprint ${k.fingerprint})`))
    .join(', ')
  return new UnknownKeyError(
    `Envelope is wrapped under key ${keyId}, which the keyring does not hold (it holds ${held}). Add that key to SECRETS_MASTER_KEYS as id:base64 under any id (a key is found by its fingerprint, which deriveKeyId() computes), and keep it until rekey() has rewrapped every record; keyUsage() lists the keys stored envelopes use.`,
    { keyId },
  )
}

/** Bytes after the header: DEK nonce, wrapped DEK, value nonce, tag. */
const MIN_BODY_BYTES = NONCE_BYTES + WRAPPED_DEK_BYTES + NONCE_BYTES + TAG_BYTES

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false
  return true
}

function buildHeader(format: EnvelopeFormat, keyId: string): Uint8Array {
  const id = new TextEncoder().encode(keyId)
  const header = new Uint8Array(2 + id.length + 4)
  header[0] = format
  header[1] = id.length
  header.set(id, 2)
  new DataView(header.buffer).setUint32(2 + id.length, crc32(header.subarray(0, 2 + id.length)))
  return header
}

/** Strictly parses the header; checks every length before any key is touched. */
function parseHeader(envelope: unknown): Parsed {
  if (!(envelope instanceof Uint8Array)) throw new DecryptionError('Envelope must be a Uint8Array')
  if (envelope.length > MAX_ENVELOPE_BYTES) {
    throw new DecryptionError(
      `Envelope is ${envelope.length} bytes, over the ${MAX_ENVELOPE_BYTES}-byte limit`,
    )
  }
  if (envelope.length < 2) throw new DecryptionError('Envelope is truncated')
  const format = envelope[0]
  if (format !== 1 && format !== 2) {
    throw new DecryptionError(
      `Envelope has unknown format version ${format} (this release reads 1 and 2)`,
    )
  }
  const idLength = envelope[1]!
  const headerEnd = 2 + idLength + 4
  const minimum = headerEnd + MIN_BODY_BYTES
  if (idLength < 1 || idLength > 64 || envelope.length < minimum)
    throw new DecryptionError('Envelope is truncated or malformed')
  const view = new DataView(envelope.buffer, envelope.byteOffset, envelope.byteLength)
  if (view.getUint32(2 + idLength) !== crc32(envelope.subarray(0, 2 + idLength))) {
    throw new DecryptionError('Envelope header is corrupted')
  }
  let keyId = ''
  for (let i = 2; i < 2 + idLength; i++) keyId += String.fromCharCode(envelope[i]!)
  if (!KEY_ID_PATTERN.test(keyId))
    throw new DecryptionError('Envelope header holds a malformed key id')
  return { format, keyId, headerEnd }
}
