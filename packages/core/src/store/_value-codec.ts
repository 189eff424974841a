/**
 * How the store turns values into payloads and back: envelopes whose
 * associated data binds scope, name and (format 2) version number, or UTF-8
 * for backends that keep values natively. Internal.
 *
 * Binding the version means an envelope copied into another version's row,
 * such as an old value swapped in as the latest, fails to decrypt.
 * @module
 */
import type { Scope } from '../backend/scope.js'
import type { SecretRecord } from '../backend/secret-backend.js'
import { utf8 } from '../crypto/_bytes.js'
import type { EnvelopeCipher, EnvelopeFormat } from '../crypto/envelope-cipher.js'
import { DecryptionError } from '../errors/decryption-error.js'

const decoder = new TextDecoder('utf-8', { fatal: true })

/** The value's associated data for each envelope format (docs/envelope-format.md). */
export function valueAad(
  format: EnvelopeFormat,
  scopeKey: string,
  name: string,
  version: number,
): Uint8Array {
  return utf8(
    format === 1
      ? `@secrets/value/v1\u0000${scopeKey}\u0000${name}`
      : `@secrets/value/v2\u0000${scopeKey}\u0000${name}\u0000${version}`,
  )
}

/** Seals and opens the store's payloads. */
export interface ValueCodec {
  /** The envelope cipher; null for native backends. */
  readonly cipher: EnvelopeCipher | null
  /** The payload size of a value of `valueBytes` UTF-8 bytes. */
  payloadSize(valueBytes: number): number
  /**
   * The payload of `plain` as a given version. `bindVersion: false` writes
   * format 1 (for v1 backends that cannot tell the version before writing).
   */
  seal(
    scope: Scope,
    name: string,
    plain: Uint8Array,
    version: number,
    bindVersion: boolean,
  ): Uint8Array
  /**
   * The value of a stored record.
   * @throws {DecryptionError} / {UnknownKeyError} for a payload that does not open here
   */
  open(scopeKey: string, record: Pick<SecretRecord, 'name' | 'version' | 'payload'>): string
  /** A format-1 envelope sealed again as format 2 for its version. */
  reseal(scopeKey: string, name: string, version: number, payload: Uint8Array): Uint8Array
}

/** Builds the codec. */
export function createValueCodec(
  cipher: EnvelopeCipher | null,
  requireVersioned: boolean,
): ValueCodec {
  function openBytes(scopeKey: string, name: string, version: number, payload: Uint8Array) {
    return cipher!.open(payload, (format) => {
      if (format === 1 && requireVersioned) {
        throw new DecryptionError(
          'Envelope is format 1 (its version is not bound) and the store requires versioned envelopes',
        )
      }
      return valueAad(format, scopeKey, name, version)
    })
  }

  return Object.freeze({
    cipher,
    payloadSize: (valueBytes: number) => cipher?.sealedLength(valueBytes) ?? valueBytes,
    seal(scope: Scope, name: string, plain: Uint8Array, version: number, bindVersion: boolean) {
      if (!cipher) return plain.slice()
      const format = bindVersion ? 2 : 1
      return cipher.seal(plain, valueAad(format, scope.key, name, version), format)
    },
    open(scopeKey: string, record: Pick<SecretRecord, 'name' | 'version' | 'payload'>) {
      if (!cipher) return decoder.decode(record.payload)
      const bytes = openBytes(scopeKey, record.name, record.version, record.payload)
      try {
        return decoder.decode(bytes)
      } finally {
        bytes.fill(0) // best effort: the string copy cannot be wiped
      }
    },
    reseal(scopeKey: string, name: string, version: number, payload: Uint8Array) {
      const bytes = openBytes(scopeKey, name, version, payload)
      try {
        return cipher!.seal(bytes, valueAad(2, scopeKey, name, version), 2)
      } finally {
        bytes.fill(0) // best effort, as above
      }
    },
  })
}
