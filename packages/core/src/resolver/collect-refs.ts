import { _walkConfig } from './_walk-config.js'
import { _walkSettings, type ConfigWalkOptions } from './config-walk-options.js'

/** One use of a secret in a config, as {@link collectRefs} lists it. */
export interface ConfigReference {
  /** The secret's name. */
  name: string
  /** The pinned version, when the reference has `@version`. */
  version?: number
  /** The JSON field path, when the reference has `#field` (`'a.b'`). */
  field?: string
  /** The config path of the string that holds the reference. */
  path: string
  /** `false` when the reference has `?` or `:-default`, so an absent secret is allowed. */
  required: boolean
}

/**
 * Lists every secret reference in a config, in walk order, one entry per use.
 * Reads no secret and audits nothing: use it to show what a config needs, or
 * to check that the secrets exist before enabling a plugin.
 *
 * @param config the configuration as written
 * @param options syntax and limits, as for `resolveConfig`
 * @returns one entry per reference
 * @throws {InvalidConfigError} for a malformed reference, a cycle or a limit exceeded
 * @example
 * ```ts
 * collectRefs({ env: { TOKEN: '${SECRET:SLACK_TOKEN}' } })
 * // [{ name: 'SLACK_TOKEN', path: 'env.TOKEN', required: true }]
 * ```
 */
export function collectRefs(config: unknown, options?: ConfigWalkOptions): ConfigReference[] {
  const { sites } = _walkConfig(config, _walkSettings(options))
  const found: ConfigReference[] = []
  for (const { template, path } of sites) {
    for (const ref of template.kind === 'whole' ? [template.ref] : template.refs) {
      const entry: ConfigReference = {
        name: ref.name,
        path,
        required: !ref.optional && ref.fallback === undefined,
      }
      if (ref.version !== undefined) entry.version = ref.version
      if (ref.field !== undefined) entry.field = ref.field.join('.')
      found.push(entry)
    }
  }
  return found
}
