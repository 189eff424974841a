/**
 * Payload bytes to and from AWS secret values.
 *
 * Native mode keeps the value as `SecretString`, so that other tools read it as
 * usual. AWS cannot store an empty value (SecretString and SecretBinary are at
 * least one byte), so the empty string is kept as a one-byte `SecretBinary`
 * holding 0x00 and read back as empty. With client-side encryption the store's
 * envelope is kept as `SecretBinary`: AWS only ever sees ciphertext.
 * @module
 */
import { InvalidValueError } from '@secrets/core'

/** AWS caps a secret value at 65,536 bytes. */
export const MAX_SECRET_BYTES = 65_536

const EMPTY_MARKER = new Uint8Array([0])
const strict = new TextDecoder('utf-8', { fatal: true })

/** The value fields of CreateSecret / PutSecretValue. */
export type SecretValueInput = { SecretString: string } | { SecretBinary: Uint8Array }

/**
 * The AWS value fields for a payload.
 * @throws {InvalidValueError} for a payload over 65,536 bytes, or (native mode) one that is not UTF-8
 */
export function secretValueInput(payload: Uint8Array, envelope: boolean): SecretValueInput {
  if (!(payload instanceof Uint8Array)) throw new InvalidValueError('payload must be a Uint8Array')
  if (payload.length > MAX_SECRET_BYTES) {
    throw new InvalidValueError(
      `AWS stores at most ${MAX_SECRET_BYTES} bytes per secret; this payload has ${payload.length}`,
    )
  }
  if (envelope) return { SecretBinary: payload.slice() }
  if (payload.length === 0) return { SecretBinary: EMPTY_MARKER.slice() }
  try {
    return { SecretString: strict.decode(payload) }
  } catch {
    throw new InvalidValueError('A native-mode payload must be UTF-8 text')
  }
}

/**
 * The payload bytes of an AWS value.
 * @returns the bytes, or null when the response carries no value
 */
export function payloadOf(
  value: { SecretString?: string | undefined; SecretBinary?: Uint8Array | undefined },
  envelope: boolean,
): Uint8Array | null {
  if (value.SecretBinary !== undefined) {
    const bytes = value.SecretBinary
    if (!envelope && bytes.length === 1 && bytes[0] === 0) return new Uint8Array(0)
    return bytes
  }
  if (value.SecretString !== undefined) return new TextEncoder().encode(value.SecretString)
  return null
}
