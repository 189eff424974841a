import { SecretsError, type SecretsErrorOptions } from './secrets-error.js'

/**
 * A secret (or the requested version of it) does not exist in the scope that
 * was asked. Backends return `null` for not-found; the store turns that into
 * this error for `get`, and audits the failed access.
 */
export class SecretNotFoundError extends SecretsError<'SECRET_NOT_FOUND'> {
  static override readonly code = 'SECRET_NOT_FOUND' as const
  /** The name that was asked for. */
  readonly secretName: string
  /** The version that was asked for, when one was. */
  readonly version: number | undefined

  /**
   * @param secretName the secret's name (names are not secret)
   * @param version the version asked for, if any
   */
  constructor(secretName: string, version?: number, options?: SecretsErrorOptions) {
    super(
      'SECRET_NOT_FOUND',
      version === undefined
        ? `Secret "${secretName}" was not found in this scope`
        : `Version ${version} of secret "${secretName}" was not found in this scope`,
      options,
    )
    this.secretName = secretName
    this.version = version
  }
}
