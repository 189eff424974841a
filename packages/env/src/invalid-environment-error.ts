import { InvalidConfigError } from '@secrets/core'

/** One problem with one environment variable. */
export interface EnvIssue {
  /** The variable, such as `SECRETS_MASTER_KEY`. */
  variable: string
  /** What is wrong and how to fix it; never the variable's value. */
  message: string
}

/**
 * The environment does not configure the library: every problem found, each
 * naming its variable and how to fix it. A subclass of `InvalidConfigError`
 * (`code: 'INVALID_CONFIG'`, `problem: 'environment'`, `path`: the first
 * variable). No message holds a variable's value: values can be keys,
 * tokens or URLs with passwords.
 */
export class InvalidEnvironmentError extends InvalidConfigError {
  /** Every problem, in variable order. */
  readonly issues: readonly EnvIssue[]

  /** @param issues at least one problem */
  constructor(issues: readonly EnvIssue[]) {
    const sorted = [...issues].sort((a, b) =>
      a.variable < b.variable ? -1 : a.variable > b.variable ? 1 : 0,
    )
    const lines = sorted.map((i) => `- ${i.variable}: ${i.message}`)
    super(
      'environment',
      sorted[0]?.variable ?? '',
      `The environment does not configure @secrets (${sorted.length} problem${sorted.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    )
    this.issues = Object.freeze(sorted.map((i) => Object.freeze({ ...i })))
  }

  override toJSON() {
    return { ...super.toJSON(), issues: this.issues }
  }
}
