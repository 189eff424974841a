/** Small byte helpers shared by the crypto modules. Internal. */

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * Node's Buffer where it exists. Small Buffers come from a shared slab, several
 * times cheaper to allocate than a Uint8Array of their own; the read path
 * allocates a few per value. Elsewhere the standard calls are used.
 */
const NodeBuffer = (
  globalThis as {
    Buffer?: {
      from(text: string, encoding: 'utf8'): Uint8Array
      from(bytes: Uint8Array): Uint8Array
    }
  }
).Buffer

/** UTF-8 encodes a string. */
export function utf8(text: string): Uint8Array {
  return NodeBuffer ? NodeBuffer.from(text, 'utf8') : encoder.encode(text)
}

/**
 * A copy of some bytes, which shares no memory with them, as a plain
 * Uint8Array (a Buffer's own `subarray` is slower than the built-in one).
 * Its `buffer` may be Node's shared slab, as for any small Buffer.
 */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  if (!NodeBuffer) return bytes.slice()
  const copy = NodeBuffer.from(bytes)
  return new Uint8Array(copy.buffer, copy.byteOffset, copy.byteLength)
}

/** UTF-8 decodes, throwing on invalid sequences. */
export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes)
}

/** Concatenates byte arrays into one new array. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0
  for (const part of parts) length += part.length
  const out = new Uint8Array(length)
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/** Fills a fresh array with cryptographically secure random bytes. */
export function randomBytes(length: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(length))
}

/**
 * Compares two byte arrays in time that depends on their lengths only.
 * @returns true when they hold the same bytes
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

const CRC_TABLE = /* @__PURE__ */ (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

/**
 * CRC-32 (IEEE 802.3). Not a security check: it tells a corrupted envelope
 * header from an intact one naming a key the keyring lacks, and it detects
 * every single-bit error.
 */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * Strictly decodes standard padded base64.
 * @returns the bytes, or null when the text is not canonical base64
 */
export function decodeBase64(text: string): Uint8Array | null {
  if (!BASE64.test(text)) return null
  const binary = atob(text)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

/** Encodes bytes as standard padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!)
  return btoa(binary)
}
