/**
 * Key-encryption keys (KEKs): a set of 256-bit keys with ids, one of them primary.
 *
 * The primary key wraps the data keys of new envelopes; every key in the ring
 * unwraps. Rotating the master key means adding a new key, making it primary,
 * running `rekey()`, then dropping the old key.
 *
 * An id (`old`, `k2`) is a label for people; envelopes record the key's
 * fingerprint ({@link deriveKeyId}), which follows the key bytes whatever label
 * they are given. So a key first set as `SECRETS_MASTER_KEY` is found again
 * when it is listed as `old:…` in `SECRETS_MASTER_KEYS`, and back again.
 * Envelopes written by releases that recorded the label are still found by it.
 *
 * Key material lives in a module-private WeakMap: no property, `util.inspect`
 * or `JSON.stringify` of a keyring reaches it.
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { InvalidMasterKeyError } from '../errors/invalid-master-key-error.js'
import { KEY_BYTES } from './_aead.js'
import { decodeBase64, encodeBase64, randomBytes, utf8 } from './_bytes.js'

/** Allowed key ids: 1 to 64 of `A-Z a-z 0-9 . _ -`. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/

const HOW_TO_GENERATE =
  'Generate one with `node -e "import(\'@secrets/core\').then(m => console.log(m.generateMasterKey()))"` or `openssl rand -base64 32`.'

/** One key of a ring, as {@link Keyring.keys} lists it. Never the key itself. */
export interface KeyInfo {
  /** The label it was given (the fingerprint for `SECRETS_MASTER_KEY`). */
  readonly id: string
  /** {@link deriveKeyId} of the key bytes: what envelopes record. */
  readonly fingerprint: string
  /** Whether it wraps new data keys. */
  readonly primary: boolean
}

interface Entry {
  readonly bytes: Uint8Array
  readonly fingerprint: string
}

interface Material {
  /** By label. */
  readonly byId: ReadonlyMap<string, Entry>
  /** By fingerprint, and by label for envelopes that recorded a label. */
  readonly byHeaderId: ReadonlyMap<string, Entry>
}

const material = new WeakMap<Keyring, Material>()
const FINGERPRINT = /^[0-9a-f]{16}$/

/** Keys given in code: base64 strings (as from `generateMasterKey()`) or raw 32-byte arrays. */
export interface KeyringKeys {
  /** The id of the key that wraps new data keys. Optional when there is one key. */
  primary?: string
  /** Every key by id. */
  keys: Record<string, string | Uint8Array>
}

/**
 * Generates a new master key.
 * @returns base64 of 32 cryptographically secure random bytes
 * @example
 * ```ts
 * process.env.SECRETS_MASTER_KEY = generateMasterKey()
 * ```
 */
export function generateMasterKey(): string {
  return encodeBase64(randomBytes(KEY_BYTES))
}

/**
 * Derives the stable id of a key: 16 hex digits of HMAC-SHA-256(key, "@secrets/key-id/v1").
 * The id reveals nothing usable about the key and is the same on every machine.
 * @param key 32 bytes
 */
export function deriveKeyId(key: Uint8Array): string {
  const mac = hmac(sha256, key, utf8('@secrets/key-id/v1'))
  let hex = ''
  for (let i = 0; i < 8; i++) hex += mac[i]!.toString(16).padStart(2, '0')
  return hex
}

/**
 * A set of key-encryption keys, one primary.
 *
 * @example
 * ```ts
 * const keyring = Keyring.fromEnv()            // SECRETS_MASTER_KEY or SECRETS_MASTER_KEYS
 * const two = Keyring.fromKeys({ primary: 'k2', keys: { k1: oldKey, k2: newKey } })
 * ```
 */
export class Keyring {
  /** The id of the key that wraps new data keys. */
  readonly primaryId: string
  /** Every key id in the ring. */
  readonly ids: readonly string[]
  /** The primary key's fingerprint, as envelopes record it. */
  readonly primaryFingerprint: string
  /** Every key's id, fingerprint and role. */
  readonly keys: readonly KeyInfo[]

  private constructor(primaryId: string, keys: Map<string, Uint8Array>, where: string) {
    const byId = new Map<string, Entry>()
    const byFingerprint = new Map<string, Entry>()
    for (const [id, bytes] of keys) {
      const entry = { bytes, fingerprint: deriveKeyId(bytes) }
      const twin = [...byId].find(([, e]) => e.fingerprint === entry.fingerprint)
      if (twin) {
        throw new InvalidMasterKeyError(
          `${where}: ids "${twin[0]}" and "${id}" hold the same key; give each key one id.`,
        )
      }
      if (FINGERPRINT.test(id) && id !== entry.fingerprint) {
        throw new InvalidMasterKeyError(
          `${where}: id "${id}" looks like a key fingerprint but is not this key's (${entry.fingerprint}); choose another id.`,
        )
      }
      byId.set(id, entry)
      byFingerprint.set(entry.fingerprint, entry)
    }
    const byHeaderId = new Map(byId)
    for (const [fingerprint, entry] of byFingerprint) byHeaderId.set(fingerprint, entry)
    this.primaryId = primaryId
    this.ids = Object.freeze([...keys.keys()])
    this.primaryFingerprint = byId.get(primaryId)!.fingerprint
    this.keys = Object.freeze(
      [...byId].map(([id, e]) =>
        Object.freeze({ id, fingerprint: e.fingerprint, primary: id === primaryId }),
      ),
    )
    material.set(this, { byId, byHeaderId })
    Object.freeze(this)
  }

  /**
   * Reads the keyring from the environment.
   *
   * - `SECRETS_MASTER_KEY`: one base64 key; its id is derived from it ({@link deriveKeyId}).
   * - `SECRETS_MASTER_KEYS`: `id:base64,id:base64`, with `SECRETS_PRIMARY_KEY_ID`
   *   naming the primary (optional when there is one key).
   *
   * @param env the environment, `process.env` by default
   * @throws {InvalidMasterKeyError} naming the variable, never echoing its value
   */
  static fromEnv(env: Record<string, string | undefined> = globalThis.process?.env ?? {}): Keyring {
    const single = env.SECRETS_MASTER_KEY
    const many = env.SECRETS_MASTER_KEYS
    if (single !== undefined && many !== undefined) {
      throw new InvalidMasterKeyError(
        'Both SECRETS_MASTER_KEY and SECRETS_MASTER_KEYS are set; set only one of them.',
      )
    }
    if (many !== undefined) {
      const where = 'SECRETS_MASTER_KEYS'
      const keys = new Map<string, Uint8Array>()
      const entries = many.split(',')
      entries.forEach((entry, i) => {
        const where = `entry ${i + 1} of SECRETS_MASTER_KEYS`
        const colon = entry.indexOf(':')
        const id = colon < 0 ? '' : entry.slice(0, colon)
        if (!KEY_ID_PATTERN.test(id)) {
          throw new InvalidMasterKeyError(
            `${where} is not of the form id:base64 (ids are 1 to 64 of A-Z a-z 0-9 . _ -). ${HOW_TO_GENERATE}`,
          )
        }
        if (keys.has(id)) {
          throw new InvalidMasterKeyError(
            `${where} repeats a key id used by an earlier entry; ids must be unique.`,
          )
        }
        keys.set(id, parseKey(entry.slice(colon + 1), where))
      })
      const primary =
        env.SECRETS_PRIMARY_KEY_ID ?? (keys.size === 1 ? [...keys.keys()][0]! : undefined)
      if (primary === undefined) {
        throw new InvalidMasterKeyError(
          'SECRETS_PRIMARY_KEY_ID is not set; it must name which key of SECRETS_MASTER_KEYS wraps new secrets.',
        )
      }
      if (!keys.has(primary)) {
        throw new InvalidMasterKeyError(
          'SECRETS_PRIMARY_KEY_ID names a key id that SECRETS_MASTER_KEYS does not hold.',
        )
      }
      return new Keyring(primary, keys, where)
    }
    if (single === undefined || single === '') {
      throw new InvalidMasterKeyError(
        `SECRETS_MASTER_KEY is ${single === undefined ? 'not set' : 'empty'}: it must hold base64 of 32 random bytes. ${HOW_TO_GENERATE}`,
      )
    }
    const ring = Keyring.fromMasterKey(single, 'SECRETS_MASTER_KEY')
    const named = env.SECRETS_PRIMARY_KEY_ID
    if (named !== undefined && named !== ring.primaryId) {
      throw new InvalidMasterKeyError(
        `SECRETS_PRIMARY_KEY_ID is set, but SECRETS_MASTER_KEY holds a single key whose id is its fingerprint (${ring.primaryId}); unset SECRETS_PRIMARY_KEY_ID, or list the keys as SECRETS_MASTER_KEYS=id:base64,… to choose among them.`,
      )
    }
    return ring
  }

  /**
   * A keyring of one key, whose id is derived from it.
   * @param key base64 of 32 bytes, or the 32 bytes
   * @param label how to name the key in an error message
   * @throws {InvalidMasterKeyError}
   */
  static fromMasterKey(key: string | Uint8Array, label = 'the master key'): Keyring {
    const bytes = parseKey(key, label)
    const id = deriveKeyId(bytes)
    return new Keyring(id, new Map([[id, bytes]]), label)
  }

  /**
   * A keyring from keys given in code.
   * @throws {InvalidMasterKeyError} for a malformed key or id, or a primary not in the set
   */
  static fromKeys(options: KeyringKeys): Keyring {
    const keys = new Map<string, Uint8Array>()
    for (const [id, key] of Object.entries(options?.keys ?? {})) {
      if (!KEY_ID_PATTERN.test(id)) {
        throw new InvalidMasterKeyError('A key id must be 1 to 64 of A-Z a-z 0-9 . _ -')
      }
      keys.set(id, parseKey(key, `key "${id}"`))
    }
    if (keys.size === 0)
      throw new InvalidMasterKeyError(`Keyring.fromKeys needs at least one key. ${HOW_TO_GENERATE}`)
    const primary = options.primary ?? (keys.size === 1 ? [...keys.keys()][0]! : undefined)
    if (primary === undefined)
      throw new InvalidMasterKeyError(
        'Keyring.fromKeys needs `primary` when it holds several keys.',
      )
    if (!keys.has(primary))
      throw new InvalidMasterKeyError(`The primary key id "${primary}" is not among the keys.`)
    return new Keyring(primary, keys, 'Keyring.fromKeys')
  }

  /**
   * Whether `value` is a keyring made by this copy of the library. A keyring
   * from another copy (the CommonJS build beside the ESM one, or two bundled
   * versions) keeps its keys where this copy cannot reach them.
   */
  static isKeyring(value: unknown): value is Keyring {
    return typeof value === 'object' && value !== null && material.has(value as Keyring)
  }

  /** Whether the ring holds a key with this id (a label, or a fingerprint). */
  has(id: string): boolean {
    return material.get(this)!.byHeaderId.has(id)
  }

  /** The fingerprint of the key an id names (a label or a fingerprint); undefined when absent. */
  fingerprintOf(id: string): string | undefined {
    return material.get(this)!.byHeaderId.get(id)?.fingerprint
  }

  /** Ids and fingerprints only. */
  toJSON(): { primaryId: string; ids: readonly string[]; keys: readonly KeyInfo[] } {
    return { primaryId: this.primaryId, ids: this.ids, keys: this.keys }
  }

  /** Ids only, for `util.inspect` and `console.log`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Keyring { primaryId: '${this.primaryId}', ids: [${this.ids.map((id) => `'${id}'`).join(', ')}] }`
  }
}

/**
 * Returns the key an envelope header names (a fingerprint, or a label that an
 * older release recorded), or undefined. Internal: not exported from the package.
 */
export function _keyMaterial(keyring: Keyring, headerId: string): Uint8Array | undefined {
  return material.get(keyring)?.byHeaderId.get(headerId)?.bytes
}

function parseKey(key: string | Uint8Array, where: string): Uint8Array {
  if (key instanceof Uint8Array) {
    if (key.length !== KEY_BYTES) {
      throw new InvalidMasterKeyError(
        `${where} must be exactly 32 bytes, got ${key.length}. ${HOW_TO_GENERATE}`,
      )
    }
    return new Uint8Array(key)
  }
  if (typeof key !== 'string') {
    throw new InvalidMasterKeyError(
      `${where} must be a base64 string or a Uint8Array. ${HOW_TO_GENERATE}`,
    )
  }
  if (key === '') throw new InvalidMasterKeyError(`${where} is empty. ${HOW_TO_GENERATE}`)
  if (/\s/.test(key)) {
    throw new InvalidMasterKeyError(
      `${where} contains whitespace; remove it (a key is 44 base64 characters). ${HOW_TO_GENERATE}`,
    )
  }
  const bytes = decodeBase64(key)
  if (bytes === null || encodeBase64(bytes) !== key) {
    bytes?.fill(0)
    throw new InvalidMasterKeyError(
      `${where} is not canonical base64 (standard alphabet, padded, no stray bits). ${HOW_TO_GENERATE}`,
    )
  }
  if (bytes.length !== KEY_BYTES) {
    bytes.fill(0)
    throw new InvalidMasterKeyError(
      `${where} must be base64 of exactly 32 bytes, but it decodes to ${bytes.length} bytes. ${HOW_TO_GENERATE}`,
    )
  }
  return bytes
}
