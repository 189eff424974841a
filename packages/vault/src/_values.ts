/**
 * Payload bytes to and from a KV v2 data map.
 *
 * Native mode writes `{ value: "<text>" }`, which `vault kv get -field=value`
 * reads as usual. A secret written by another tool with other fields
 * (`vault kv put secret/db user=app password=…`) reads as the JSON of its
 * data map, so `${SECRET:db#password}` picks one field through the
 * resolver's field syntax. With client-side encryption the store's envelope
 * is written as `{ envelope: "<base64>" }`: Vault only ever sees ciphertext,
 * and no tool mistakes it for the value.
 * @module
 */
import { InvalidValueError, payloadToText, textToPayload } from '@secrets/core'

/** A KV v2 data map. */
export type DataMap = Record<string, unknown>

/**
 * The data map for a payload.
 * @throws {InvalidValueError} (native mode) for a payload that is not UTF-8
 */
export function dataOf(payload: Uint8Array, envelope: boolean): DataMap {
  if (envelope) return { envelope: Buffer.from(payload).toString('base64') }
  return { value: payloadToText(payload) }
}

/**
 * The payload of a data map.
 * @returns the bytes, or null when the map holds nothing this mode can read
 * @throws {InvalidValueError} (client-side mode) for a map without a well-formed envelope
 */
export function payloadOf(data: unknown, envelope: boolean): Uint8Array | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null
  const map = data as DataMap
  const keys = Object.keys(map)
  if (envelope) {
    const text = map.envelope
    if (keys.length !== 1 || typeof text !== 'string' || !BASE64.test(text)) {
      throw new InvalidValueError(
        'This Vault secret holds no client-side envelope (it was written by another tool, or in native mode)',
      )
    }
    return new Uint8Array(Buffer.from(text, 'base64'))
  }
  if (keys.length === 1 && typeof map.value === 'string') return textToPayload(map.value)
  return textToPayload(JSON.stringify(map))
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
