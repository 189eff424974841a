/**
 * CRC-32C (Castagnoli: reflected polynomial 0x82F63B78, initial and final
 * XOR 0xFFFFFFFF), the checksum of Secret Manager's `data_crc32c`. Table
 * driven, one byte at a time: payloads are at most 64 KiB. Checked against
 * the RFC 3720 (iSCSI) test vectors in test/crc32c.test.ts.
 * @module
 */

let table: Uint32Array | undefined

function crcTable(): Uint32Array {
  if (table) return table
  table = new Uint32Array(256)
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (crc & 1 ? 0x82f63b78 : 0)
    table[byte] = crc >>> 0
  }
  return table
}

/**
 * The CRC-32C of `data`.
 * @returns an unsigned 32-bit integer
 * @example crc32c(new TextEncoder().encode('123456789')) // 0xe3069283
 */
export function crc32c(data: Uint8Array): number {
  const t = crcTable()
  let crc = 0xffffffff
  for (let i = 0; i < data.length; i++) crc = t[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}
