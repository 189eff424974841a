import { SecretsError, type SecretsErrorOptions } from './secrets-error.js'

/**
 * An option or argument has the wrong type or range (a limit, a batch size,
 * a cursor, an accessor).
 */
export class InvalidArgumentError extends SecretsError<'INVALID_ARGUMENT'> {
  static override readonly code = 'INVALID_ARGUMENT' as const

  /** @param message what went wrong, written without any secret value */
  constructor(message: string, options?: SecretsErrorOptions) {
    super('INVALID_ARGUMENT', message, options)
  }
}
