import { SecretsError, type SecretsErrorOptions } from '../errors/secrets-error.js'

/** What is wrong with a configuration, for code that reacts to one kind only. */
export type InvalidConfigProblem =
  /** A malformed reference: `${SECRET:}`, a bad name, an unterminated placeholder. */
  | 'syntax'
  /** An object or array contains itself. */
  | 'cycle'
  /** Objects and arrays are nested deeper than `maxDepth`. */
  | 'depth'
  /** A string is longer than `maxStringLength`, or the whole walk larger than `maxSize`. */
  | 'size'
  /** More references than `maxReferences`. */
  | 'references'
  /** A `#field` reference names a secret that is not JSON or has no such field. */
  | 'field'
  /** The resolved strings together would be longer than `maxOutputSize`. */
  | 'output'
  /** Environment variables that configure the library are missing or invalid (`@secrets/env`). */
  | 'environment'

/**
 * A configuration given to `resolveConfig`, `collectRefs` or `maskConfig`
 * cannot be resolved: a malformed placeholder, a cycle, a limit exceeded, or a
 * `#field` that the secret does not hold.
 *
 * The message names the config path and the rule that failed; it never holds a
 * secret value (a JSON parse failure of a value is reported without the
 * parser's message, which would quote the value).
 */
export class InvalidConfigError extends SecretsError<'INVALID_CONFIG'> {
  static override readonly code = 'INVALID_CONFIG' as const
  /** The kind of problem. */
  readonly problem: InvalidConfigProblem
  /** The config path where it was found, such as `plugins[2].env.SLACK_TOKEN`. */
  readonly path: string

  /**
   * @param problem the kind of problem
   * @param path the config path where it was found
   * @param message what went wrong, written without any secret value
   */
  constructor(
    problem: InvalidConfigProblem,
    path: string,
    message: string,
    options?: SecretsErrorOptions,
  ) {
    super('INVALID_CONFIG', message, options)
    this.problem = problem
    this.path = path
  }

  override toJSON() {
    return { ...super.toJSON(), problem: this.problem, path: this.path }
  }
}
