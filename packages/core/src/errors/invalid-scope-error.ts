import { SecretsError, type SecretsErrorOptions } from './secrets-error.js'

/**
 * A scope is not a plain record of non-empty string segments with simple keys.
 */
export class InvalidScopeError extends SecretsError<'INVALID_SCOPE'> {
  static override readonly code = 'INVALID_SCOPE' as const

  /** @param message what went wrong, written without any secret value */
  constructor(message: string, options?: SecretsErrorOptions) {
    super('INVALID_SCOPE', message, options)
  }
}
