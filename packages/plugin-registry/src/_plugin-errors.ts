/**
 * Turns resolver errors into errors that name the plugin.
 * @module
 */
import {
  formatConfigPath,
  InvalidConfigError,
  type MissingSecret,
  MissingSecretError,
  ROOT_CONFIG_PATH,
} from '@secrets/core'
import {
  type PluginMissingSecrets,
  PluginMissingSecretsError,
} from './plugin-missing-secrets-error.js'

/**
 * The error to throw for one plugin's failed resolution: missing secrets and
 * config errors name the plugin; anything else (audit, backend, decryption)
 * is passed on as it is.
 */
export function _pluginError(pluginId: string, error: unknown): unknown {
  if (MissingSecretError.isInstance(error)) {
    return new PluginMissingSecretsError([{ pluginId, missing: error.missing }])
  }
  if (InvalidConfigError.isInstance(error)) {
    return new InvalidConfigError(
      error.problem,
      error.path,
      `Plugin ${JSON.stringify(pluginId)}: ${error.message}`,
    )
  }
  return error
}

/**
 * Splits a missing-secrets error of a combined `{ [pluginId]: config }`
 * resolution into one entry per plugin, with paths inside each plugin's config.
 */
export function _splitMissing(
  pluginIds: readonly string[],
  error: MissingSecretError,
): PluginMissingSecrets[] {
  const roots = pluginIds.map((id) => formatConfigPath([id]))
  const byPlugin = new Map<number, PluginMissingSecrets>()
  for (const secret of error.missing) {
    const items = new Map<number, MissingSecret>()
    for (const path of secret.paths) {
      const index = roots.findIndex(
        (root) => path === root || path.startsWith(`${root}.`) || path.startsWith(`${root}[`),
      )
      if (index < 0) continue
      const root = roots[index]!
      const inner =
        path === root
          ? ROOT_CONFIG_PATH
          : path.slice(path[root.length] === '.' ? root.length + 1 : root.length)
      let item = items.get(index)
      if (item === undefined) {
        item = { ...secret, paths: [] }
        items.set(index, item)
        let entry = byPlugin.get(index)
        if (entry === undefined) {
          entry = { pluginId: pluginIds[index]!, missing: [] }
          byPlugin.set(index, entry)
        }
        entry.missing.push(item)
      }
      item.paths.push(inner)
    }
  }
  return [...byPlugin].sort(([a], [b]) => a - b).map(([, entry]) => entry)
}
