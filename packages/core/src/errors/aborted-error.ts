import { SecretsError, type SecretsErrorOptions } from './secrets-error.js'

/**
 * A long-running operation (such as `rekey`) was stopped through its
 * `AbortSignal`. Work done before the abort is kept and safe; run it again to resume.
 */
export class AbortedError extends SecretsError<'ABORTED'> {
  static override readonly code = 'ABORTED' as const

  /** @param message what went wrong, written without any secret value */
  constructor(message: string, options?: SecretsErrorOptions) {
    super('ABORTED', message, options)
  }
}
