import { SecretsError, type SecretsErrorOptions } from './secrets-error.js'

/**
 * A storage backend failed (network, driver, service error). The driver's error
 * is attached as `cause`.
 */
export class BackendError extends SecretsError<'BACKEND_ERROR'> {
  static override readonly code = 'BACKEND_ERROR' as const

  /** @param message what went wrong, written without any secret value */
  constructor(message: string, options?: SecretsErrorOptions) {
    super('BACKEND_ERROR', message, options)
  }
}
