import { SecretsError, type SecretsErrorOptions } from './secrets-error.js'

/**
 * An envelope names a key-encryption key id that the keyring does not hold.
 *
 * Fix: add the old key to the keyring (`SECRETS_MASTER_KEYS`) until `rekey()`
 * has rewrapped every record under the primary key.
 */
export class UnknownKeyError extends SecretsError {
  static override readonly code = 'UNKNOWN_KEY_ID' as const

  /** @param message what went wrong, written without any secret value */
  constructor(message: string, options?: SecretsErrorOptions) {
    super('UNKNOWN_KEY_ID', message, options)
  }
}
