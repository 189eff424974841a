import { SecretsError, type SecretsErrorOptions } from './secrets-error.js'

/**
 * A secret value is not a string, or is larger than `maxValueBytes` in UTF-8.
 * Thrown before any I/O; the message gives sizes, never the value.
 */
export class InvalidValueError extends SecretsError<'INVALID_VALUE'> {
  static override readonly code = 'INVALID_VALUE' as const

  /** @param message what went wrong, written without any secret value */
  constructor(message: string, options?: SecretsErrorOptions) {
    super('INVALID_VALUE', message, options)
  }
}
