import { SecretsError, type SecretsErrorOptions } from './secrets-error.js'

/**
 * No audit sink recorded an access, so the access was refused (fail-closed).
 *
 * With `audit: { mode: 'best-effort' }` sink failures are reported through
 * `onError` instead and the access goes on.
 */
export class AuditError extends SecretsError<'AUDIT_FAILED'> {
  static override readonly code = 'AUDIT_FAILED' as const

  /** @param message what went wrong, written without any secret value */
  constructor(message: string, options?: SecretsErrorOptions) {
    super('AUDIT_FAILED', message, options)
  }
}
