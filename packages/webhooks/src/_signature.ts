/**
 * The Standard Webhooks signature: HMAC-SHA256 over `{id}.{timestamp}.{body}`,
 * serialised `v1,<base64>`; several signatures are space separated. Internal.
 * Spec: https://www.standardwebhooks.com, "Signature scheme" and "Webhook headers".
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

/** HMAC-SHA256 tags are 32 bytes; their base64 is 43 characters and one `=`. */
const SIGNATURE = /^[A-Za-z0-9+/]{43}=$/

/** The most signatures read from one header (a rotation needs two). */
export const MAX_SIGNATURES = 16

/**
 * HMAC-SHA256 of a message.
 * @param key the key's bytes
 * @param parts the message, in pieces that are hashed in order
 * @returns the 32-byte tag
 */
export function hmacSha256(key: Uint8Array, ...parts: ReadonlyArray<string | Uint8Array>): Buffer {
  const hmac = createHmac('sha256', key)
  for (const part of parts) hmac.update(part)
  return hmac.digest()
}

/** The tag of one delivery: HMAC-SHA256 of `{id}.{timestamp}.{body}` (body as raw bytes or UTF-8). */
export function signatureOf(
  key: Uint8Array,
  id: string,
  timestamp: number,
  body: string | Uint8Array,
): Buffer {
  return hmacSha256(key, `${id}.${timestamp}.`, body)
}

/**
 * The `v1` tags of a `webhook-signature` header. Entries of other schemes
 * (`v1a`, `v2`) are skipped, as the spec lets receivers do; a `v1` entry that
 * is not the base64 of 32 bytes is skipped too.
 * @returns the decoded tags, or null when there are more than {@link MAX_SIGNATURES} entries
 */
export function parseSignatures(header: string): Buffer[] | null {
  const entries = header.split(' ').filter((entry) => entry !== '')
  if (entries.length > MAX_SIGNATURES) return null
  const tags: Buffer[] = []
  for (const entry of entries) {
    const comma = entry.indexOf(',')
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue
    const encoded = entry.slice(comma + 1)
    if (SIGNATURE.test(encoded)) tags.push(Buffer.from(encoded, 'base64'))
  }
  return tags
}

/**
 * Whether any received tag equals any expected one. Every pair is compared
 * with `timingSafeEqual` (all tags are 32 bytes) and the results are OR-ed
 * with no early exit, so the time depends on the counts only: neither on
 * which pair matched, nor on how many bytes of a forged tag are right.
 * @returns the index of a matching expected tag, or -1
 */
export function matchSignature(received: readonly Buffer[], expected: readonly Buffer[]): number {
  let found = -1
  for (const tag of received) {
    for (let i = 0; i < expected.length; i++) {
      const equal = timingSafeEqual(tag, expected[i]!)
      found = equal && found < 0 ? i : found
    }
  }
  return found
}
