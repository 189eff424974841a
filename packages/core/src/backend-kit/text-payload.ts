/**
 * Payloads as text, for services that keep a value as a string (native mode
 * of the managed-service backends: other tools read the value as usual).
 * @module
 */
import { InvalidValueError } from '../errors/invalid-value-error.js'

const strict = new TextDecoder('utf-8', { fatal: true })
const encoder = new TextEncoder()

/**
 * The text of a payload.
 * @throws {InvalidValueError} when it is not UTF-8 (the message holds no byte of it)
 */
export function payloadToText(payload: Uint8Array): string {
  if (!(payload instanceof Uint8Array)) throw new InvalidValueError('payload must be a Uint8Array')
  try {
    return strict.decode(payload)
  } catch {
    throw new InvalidValueError('A native-mode payload must be UTF-8 text')
  }
}

/** The payload of a text value. */
export function textToPayload(text: string): Uint8Array {
  return encoder.encode(text)
}
