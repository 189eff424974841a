/**
 * The MCP note's cipher: AES-256-GCM under SHA-256 of the master key string,
 * values stored as hex `iv:authTag:ciphertext`, as its Node code wrote them
 * (`createCipheriv('aes-256-gcm', key, iv)` with a 12 or 16-byte IV). Internal.
 * @module
 */
import { createDecipheriv, createHash } from 'node:crypto'
import { DecryptionError } from '@secrets/core'

const HEX = /^(?:[0-9a-fA-F]{2})*$/

/** The AES-256 key: SHA-256 of the master key's UTF-8 bytes. */
export function mcpKey(masterKey: string): Buffer {
  return createHash('sha256').update(masterKey, 'utf8').digest()
}

/**
 * Opens one stored value.
 * @throws {DecryptionError} for a malformed value, a wrong key or a tampered one (nothing of it in the message)
 */
export function openMcpValue(value: unknown, key: Buffer): string {
  const parts = typeof value === 'string' ? value.split(':') : []
  if (parts.length !== 3 || !parts.every((part) => HEX.test(part))) {
    throw new DecryptionError('An MCP value must be hex "iv:authTag:ciphertext"')
  }
  const [iv, tag, ciphertext] = parts.map((part) => Buffer.from(part, 'hex')) as [
    Buffer,
    Buffer,
    Buffer,
  ]
  if ((iv.length !== 12 && iv.length !== 16) || tag.length !== 16) {
    throw new DecryptionError(
      `An MCP value needs a 12 or 16-byte IV and a 16-byte tag, got ${iv.length} and ${tag.length}`,
    )
  }
  let plaintext: Buffer
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 })
    decipher.setAuthTag(tag)
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()])
  } catch {
    throw new DecryptionError('An MCP value does not open under this master key')
  }
  const text = plaintext.toString('utf8')
  if (!Buffer.from(text, 'utf8').equals(plaintext)) {
    throw new DecryptionError('An MCP value is not UTF-8 text')
  }
  return text
}
