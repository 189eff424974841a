import { SecretsError, type SecretsErrorOptions } from './secrets-error.js'

/**
 * A write lost a compare-and-set race: the secret's version was not the one the
 * write expected (another writer got there first). Read again and retry.
 */
export class ConflictError extends SecretsError<'CONFLICT'> {
  static override readonly code = 'CONFLICT' as const

  /** @param message what went wrong, written without any secret value */
  constructor(message: string, options?: SecretsErrorOptions) {
    super('CONFLICT', message, options)
  }
}
