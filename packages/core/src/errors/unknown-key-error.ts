import { SecretsError, type SecretsErrorOptions } from './secrets-error.js'

/** Options of {@link UnknownKeyError}. */
export interface UnknownKeyErrorOptions extends SecretsErrorOptions {
  /** The key id (fingerprint) the envelope names. */
  keyId?: string
}

/**
 * An envelope names a key-encryption key that the keyring does not hold.
 *
 * Fix: add the key to the keyring (`SECRETS_MASTER_KEYS=id:base64,…`, any id:
 * envelopes record the key's fingerprint, not its id) until `rekey()` has
 * rewrapped every record under the primary key. `keyUsage()` tells which keys
 * stored envelopes use.
 */
export class UnknownKeyError extends SecretsError<'UNKNOWN_KEY_ID'> {
  static override readonly code = 'UNKNOWN_KEY_ID' as const
  /** The key id (fingerprint) the envelope names, when known. Not secret. */
  readonly keyId: string | null

  /** @param message what went wrong, written without any secret value */
  constructor(message: string, options: UnknownKeyErrorOptions = {}) {
    super('UNKNOWN_KEY_ID', message, options)
    this.keyId = options.keyId ?? null
  }
}
