/**
 * Fernet encryption, for the tests only (the package only decrypts): the
 * generate vectors check it, and the suites make tokens with it.
 * Spec: https://github.com/fernet/spec/blob/master/Spec.md
 */
import { createCipheriv, createHmac, randomBytes } from 'node:crypto'

/** A token for `plaintext` under a URL-safe base64 key, at `time`, with `iv`. */
export function fernetEncrypt(
  key: string,
  plaintext: string | Uint8Array,
  time = new Date(),
  iv: Uint8Array = randomBytes(16),
): string {
  const bytes = Buffer.from(key, 'base64url')
  const cipher = createCipheriv('aes-128-cbc', bytes.subarray(16, 32), iv)
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  const header = Buffer.alloc(9)
  header[0] = 0x80
  header.writeBigUInt64BE(BigInt(Math.floor(time.getTime() / 1000)), 1)
  const signed = Buffer.concat([header, iv, ciphertext])
  const tag = createHmac('sha256', bytes.subarray(0, 16)).update(signed).digest()
  return Buffer.concat([signed, tag])
    .toString('base64url')
    .padEnd(Math.ceil((signed.length + 32) / 3) * 4, '=')
}
