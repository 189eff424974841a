import {
  formatConfigPath,
  type MissingSecret,
  MissingSecretError,
  ROOT_CONFIG_PATH,
  type SecretsError,
  type SecretsErrorCode,
  type SecretsErrorOptions,
} from '@secrets/core'

const MARKER = Symbol.for('@secrets/plugin-registry/missing-secrets')

/** The secrets one plugin's config references but its scope does not hold. */
export interface PluginMissingSecrets {
  /** The plugin's id. */
  pluginId: string
  /** Every missing secret with the paths in this plugin's config that use it. */
  missing: MissingSecret[]
}

/**
 * Plugin configs reference secrets that do not exist in the calling scope.
 * Names every plugin, every missing secret and every config path.
 *
 * It is a {@link MissingSecretError} (same `code`, `MISSING_SECRETS`): its
 * `missing` lists every plugin's secrets with paths rooted at the plugin id
 * (`slack.env.SLACK_TOKEN`, `["github-mcp"].env.GITHUB_TOKEN`), and
 * `plugins` has them per plugin with paths inside each plugin's config.
 *
 * Fix: set the secrets in that scope, or mark the references optional
 * (`${SECRET:NAME?}`) or give them a default (`${SECRET:NAME:-value}`).
 */
export class PluginMissingSecretsError extends MissingSecretError {
  /** Every plugin with missing secrets, in the order the plugins were given. */
  readonly plugins: PluginMissingSecrets[]
  /** Marks instances across bundle copies. */
  readonly [MARKER] = true

  /** @param plugins every plugin with missing secrets */
  constructor(plugins: PluginMissingSecrets[], options?: SecretsErrorOptions) {
    super(
      plugins.flatMap(({ pluginId, missing }) =>
        missing.map((m) => ({ ...m, paths: m.paths.map((path) => _pluginPath(pluginId, path)) })),
      ),
      options,
    )
    this.plugins = plugins
    const describe = ({ missing }: PluginMissingSecrets) =>
      missing.map((m) => `${m.name} (at ${m.paths.join(', ')})`).join('; ')
    const first = plugins[0]
    this.message =
      plugins.length === 1 && first
        ? `Plugin ${JSON.stringify(first.pluginId)} references ${countSecrets(first.missing.length)} missing: ${describe(first)}`
        : `${plugins.length} plugins reference missing secrets: ${plugins.map((p) => `plugin ${JSON.stringify(p.pluginId)}: ${describe(p)}`).join(' | ')}`
  }

  /**
   * Whether `value` is a plugin missing-secrets error, also from another copy of this package.
   * @param value anything caught
   */
  static override isInstance<T extends SecretsError>(
    this: { readonly code: SecretsErrorCode | undefined; prototype: T },
    value: unknown,
  ): value is T {
    return (
      MissingSecretError.isInstance(value) &&
      (value as unknown as Record<symbol, unknown>)[MARKER] === true
    )
  }

  override toJSON() {
    return { ...super.toJSON(), plugins: this.plugins }
  }
}

function countSecrets(n: number): string {
  return n === 1 ? '1 secret that is' : `${n} secrets that are`
}

/**
 * A path inside one plugin's config, rooted at the plugin's id.
 * @internal
 */
export function _pluginPath(pluginId: string, path: string): string {
  const root = formatConfigPath([pluginId])
  if (path === ROOT_CONFIG_PATH) return root
  return path.startsWith('[') ? `${root}${path}` : `${root}.${path}`
}
