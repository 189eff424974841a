/**
 * The MCP note's encryption, written the way its Node code writes it: the
 * key is SHA-256 of the master key string, the value AES-256-GCM, stored as
 * hex `iv:authTag:ciphertext`. For the tests only (the package only decrypts).
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto'

/** Encrypts like the note's `encrypt(text)`, with a 16-byte IV (its default) or a 12-byte one. */
export function mcpEncrypt(masterKey: string, text: string, ivBytes: 12 | 16 = 16): string {
  const key = createHash('sha256').update(masterKey).digest()
  const iv = randomBytes(ivBytes)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  let encrypted = cipher.update(text, 'utf8', 'hex')
  encrypted += cipher.final('hex')
  const authTag = cipher.getAuthTag()
  return `${iv.toString('hex')}:${authTag.toString('hex')}:${encrypted}`
}
