import { SecretsError, type SecretsErrorOptions } from './secrets-error.js'

/**
 * The backend cannot do what was asked, whatever the arguments: `rewrap`
 * on a backend without `replacePayloads` (one that cannot replace a
 * stored payload in place). Nothing was changed.
 *
 * Fix: use a backend that implements it (the SQL and MongoDB backends do),
 * or rotate the secret to a new value instead.
 */
export class UnsupportedOperationError extends SecretsError<'UNSUPPORTED_OPERATION'> {
  static override readonly code = 'UNSUPPORTED_OPERATION' as const

  /** @param message what went wrong, written without any secret value */
  constructor(message: string, options?: SecretsErrorOptions) {
    super('UNSUPPORTED_OPERATION', message, options)
  }
}
