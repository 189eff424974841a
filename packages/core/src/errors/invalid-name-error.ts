import { SecretsError, type SecretsErrorOptions } from './secrets-error.js'

/**
 * A secret name breaks the naming rules: `^[A-Za-z0-9_][A-Za-z0-9_.\-/]{0,254}$`,
 * with no `..` segment and no trailing `/`. Thrown before any I/O.
 */
export class InvalidNameError extends SecretsError<'INVALID_NAME'> {
  static override readonly code = 'INVALID_NAME' as const

  /** @param message what went wrong, written without any secret value */
  constructor(message: string, options?: SecretsErrorOptions) {
    super('INVALID_NAME', message, options)
  }
}
