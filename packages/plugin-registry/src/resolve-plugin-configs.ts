import {
  type ConfigWalkOptions,
  InvalidArgumentError,
  MissingSecretError,
  resolveConfig,
  type ScopedSecrets,
} from '@secrets/core'
import { _pluginError, _splitMissing } from './_plugin-errors.js'
import { pluginAccessor } from './plugin-accessor.js'
import {
  type PluginMissingSecrets,
  PluginMissingSecretsError,
} from './plugin-missing-secrets-error.js'
import { DEFAULT_PLUGIN_REASON } from './with-secret-resolution.js'

/** A plugin as registries hold it; other fields are kept. */
export interface PluginEntry {
  /** The plugin's id; the accessor of its reads is `plugin:<id>`. */
  readonly id: string
  /** Its config as written, with secret references. */
  readonly config: unknown
}

/** The accessor of a shared read when none is given. */
export const DEFAULT_SHARED_ACCESSOR = 'plugin-registry'

/** Options of {@link resolvePluginConfigs}. */
export interface ResolvePluginConfigsOptions extends ConfigWalkOptions {
  /** The calling scope, shared by every plugin of the list: `store.scope({ tenant, user })`. */
  secrets: Pick<ScopedSecrets, 'readMany'>
  /**
   * Why, for the audit trail.
   * @default 'load plugin config'
   */
  reason?: string
  /**
   * - `'per-plugin'`: one `readMany` per plugin, all at once, each audited
   *   with accessor `plugin:<id>` (one backend round trip per plugin, in parallel).
   * - `'shared'`: one `readMany` for the whole list (one round trip, one audit
   *   batch), audited with `accessor`; each event's `usedAt` paths start with
   *   the plugin id (`slack.env.TOKEN`), which is how the trail tells plugins
   *   apart. Limits apply to the list as a whole.
   * @default 'per-plugin'
   */
  read?: 'per-plugin' | 'shared'
  /**
   * The accessor of a `'shared'` read.
   * @default 'plugin-registry'
   */
  accessor?: string
}

/**
 * Resolves the configs of a list of plugins that share the calling scope.
 *
 * One store read can carry only one accessor, so exact per-plugin accessors
 * (`'per-plugin'`, the default) cost one round trip per plugin, run in
 * parallel; `'shared'` makes it one round trip and one audit batch for all of
 * them, with the plugin named in each use's config path instead.
 *
 * @param plugins `{ id, config }` entries (other fields are kept); ids must be unique
 * @param options the scope, the audit reason, the read mode, syntax and limits
 * @returns the entries in the same order, each with its resolved config
 * @throws {PluginMissingSecretsError} naming every plugin with missing secrets, each secret and path
 * @throws {InvalidConfigError} for a malformed reference (naming the plugin) or a limit exceeded
 * @throws {InvalidArgumentError} for bad entries or options
 * @example
 * ```ts
 * const plugins = await resolvePluginConfigs(registry.list(), {
 *   secrets: store.scope({ tenant: 'acme', user: 'alice' }),
 * })
 * ```
 */
export async function resolvePluginConfigs<E extends PluginEntry>(
  plugins: readonly E[],
  options: ResolvePluginConfigsOptions,
): Promise<E[]> {
  if (!Array.isArray(plugins))
    throw new InvalidArgumentError('resolvePluginConfigs expected an array of { id, config }')
  const {
    secrets,
    reason = DEFAULT_PLUGIN_REASON,
    read = 'per-plugin',
    accessor,
    ...walk
  } = options ?? {}
  if (read !== 'per-plugin' && read !== 'shared') {
    throw new InvalidArgumentError('"read" expected "per-plugin" or "shared"')
  }
  const ids = plugins.map((plugin) => plugin?.id)
  const accessors = ids.map(pluginAccessor)
  if (new Set(ids).size !== ids.length)
    throw new InvalidArgumentError('Plugin ids must be unique within one list')

  if (read === 'shared') {
    const combined: Record<string, unknown> = Object.create(null)
    for (const plugin of plugins) combined[plugin.id] = plugin.config
    let resolved: Record<string, unknown>
    try {
      resolved = await resolveConfig(combined, {
        ...walk,
        secrets,
        accessor: accessor ?? DEFAULT_SHARED_ACCESSOR,
        reason,
      })
    } catch (error) {
      if (MissingSecretError.isInstance(error))
        throw new PluginMissingSecretsError(_splitMissing(ids, error))
      throw error
    }
    return plugins.map((plugin) => ({ ...plugin, config: resolved[plugin.id] }))
  }

  const settled = await Promise.allSettled(
    plugins.map((plugin, i) =>
      resolveConfig(plugin.config, { ...walk, secrets, accessor: accessors[i]!, reason }),
    ),
  )
  const missing: PluginMissingSecrets[] = []
  settled.forEach((result, i) => {
    if (result.status === 'fulfilled') return
    if (MissingSecretError.isInstance(result.reason))
      missing.push({ pluginId: ids[i]!, missing: result.reason.missing })
    else throw _pluginError(ids[i]!, result.reason)
  })
  if (missing.length > 0) throw new PluginMissingSecretsError(missing)
  return plugins.map((plugin, i) => ({
    ...plugin,
    config: (settled[i] as PromiseFulfilledResult<unknown>).value,
  }))
}
