import { SecretsError, type SecretsErrorOptions } from './secrets-error.js'

/**
 * A master key (key-encryption key) is missing or malformed.
 *
 * Thrown when a keyring is built. The message names the environment variable or
 * option and says how to generate a key (`generateMasterKey()` or
 * `openssl rand -base64 32`); it never contains the offending value.
 */
export class InvalidMasterKeyError extends SecretsError<'INVALID_MASTER_KEY'> {
  static override readonly code = 'INVALID_MASTER_KEY' as const

  /** @param message what went wrong, written without any secret value */
  constructor(message: string, options?: SecretsErrorOptions) {
    super('INVALID_MASTER_KEY', message, options)
  }
}
