/**
 * Payload bytes to and from Secret Manager versions.
 *
 * Native mode stores the value's UTF-8 text, so other tools read it as
 * usual. GCP refuses an empty payload, so the empty value is stored as the
 * single byte 0x00 and read back as empty (the one-character value U+0000 is
 * therefore refused in native mode). With client-side encryption the
 * store's envelope is stored as it is: GCP only ever sees ciphertext.
 *
 * Every write sends `data_crc32c`, which GCP verifies; every read checks the
 * `data_crc32c` GCP returns against the data received.
 * @module
 */
import { BackendError, InvalidValueError, payloadToText } from '@secrets/core'
import type { AccessResponse } from './_client.js'
import { crc32c } from './_crc32c.js'

/** GCP caps a version's payload at 64 KiB. */
export const MAX_PAYLOAD_BYTES = 65_536

/**
 * The bytes to store for a payload.
 * @throws {InvalidValueError} over 64 KiB; in native mode, for a payload that is not UTF-8 or is U+0000 alone
 */
export function storedData(payload: Uint8Array, envelope: boolean): Uint8Array {
  if (!(payload instanceof Uint8Array)) throw new InvalidValueError('payload must be a Uint8Array')
  if (payload.length > MAX_PAYLOAD_BYTES) {
    throw new InvalidValueError(
      `GCP stores at most ${MAX_PAYLOAD_BYTES} bytes per version; this payload has ${payload.length}`,
    )
  }
  if (envelope) return payload
  if (payloadToText(payload) === '\u0000') {
    throw new InvalidValueError(
      'In native mode the value U+0000 alone cannot be stored: that byte stands for the empty value (GCP refuses empty payloads); use clientSideEncryption for it',
    )
  }
  return payload.length === 0 ? new Uint8Array([0]) : payload
}

/** The store's payload from a version's data (native 0x00 alone is the empty value). */
export function payloadOf(data: Uint8Array, envelope: boolean): Uint8Array {
  return !envelope && data.length === 1 && data[0] === 0 ? new Uint8Array(0) : data
}

/**
 * The data of an AccessSecretVersion answer, checked against its `data_crc32c`.
 * @throws {BackendError} when the checksum does not match (the message names the version only)
 */
export function checkedData(label: string, name: string, response: AccessResponse): Uint8Array {
  const raw = response.payload?.data
  const data =
    typeof raw === 'string' ? new Uint8Array(Buffer.from(raw, 'base64')) : new Uint8Array(raw ?? []) // a copy: the client's Buffer may share its memory
  const sent = response.payload?.dataCrc32c
  if (sent !== null && sent !== undefined && String(sent) !== String(crc32c(data))) {
    throw new BackendError(
      `${label}: AccessSecretVersion answered for "${name}" with data whose CRC32C does not match the one Secret Manager computed: it was damaged on the way; retry`,
    )
  }
  return data
}
