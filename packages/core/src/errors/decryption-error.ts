import { SecretsError, type SecretsErrorOptions } from './secrets-error.js'

/**
 * An envelope could not be opened: it is truncated, oversized, of an unknown
 * format version, was altered, was moved to another scope or name, or was sealed
 * under a key with the same id but other key material.
 *
 * Never carries the cipher library's own exception, which could differ across engines.
 */
export class DecryptionError extends SecretsError<'DECRYPTION_FAILED'> {
  static override readonly code = 'DECRYPTION_FAILED' as const

  /** @param message what went wrong, written without any secret value */
  constructor(message: string, options?: SecretsErrorOptions) {
    super('DECRYPTION_FAILED', message, options)
  }
}
