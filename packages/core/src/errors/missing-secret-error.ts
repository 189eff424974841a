import { SecretsError, type SecretsErrorOptions } from './secrets-error.js'

/** One secret a configuration references but the scope does not hold. */
export interface MissingSecret {
  /** The secret's name. */
  name: string
  /** The pinned version that is absent, when the reference named one. */
  version?: number
  /** Every config path that references it, such as `plugins[2].env.SLACK_TOKEN`. */
  paths: string[]
}

/**
 * A configuration references secrets that do not exist. Lists every missing
 * secret with every config path that uses it, so one run shows all of them.
 */
export class MissingSecretError extends SecretsError<'MISSING_SECRETS'> {
  static override readonly code = 'MISSING_SECRETS' as const
  /** Every missing secret with the config paths that reference it. */
  readonly missing: MissingSecret[]

  /** @param missing the missing secrets, with their config paths */
  constructor(missing: MissingSecret[], options?: SecretsErrorOptions) {
    const label = (m: MissingSecret) =>
      m.version === undefined ? m.name : `${m.name}@${m.version}`
    const list = missing
      .map((m) => (m.paths.length > 0 ? `${label(m)} (at ${m.paths.join(', ')})` : label(m)))
      .join('; ')
    super(
      'MISSING_SECRETS',
      `${missing.length} referenced secret${missing.length === 1 ? ' is' : 's are'} missing: ${list}`,
      options,
    )
    this.missing = missing
  }

  override toJSON() {
    return { ...super.toJSON(), missing: this.missing }
  }
}
