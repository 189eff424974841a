import { InvalidArgumentError } from '@secrets/core'

/** The longest plugin id accepted, so that `plugin:<id>` fits the store's accessor limit. */
export const MAX_PLUGIN_ID_LENGTH = 128

/**
 * The accessor recorded in audit events for a plugin's reads.
 * @param pluginId the plugin's id: 1 to 128 characters, no control characters
 * @returns `plugin:<id>`
 * @throws {InvalidArgumentError} for an empty, long or non-string id
 * @example
 * ```ts
 * pluginAccessor('slack') // 'plugin:slack'
 * ```
 */
export function pluginAccessor(pluginId: string): string {
  if (
    typeof pluginId !== 'string' ||
    pluginId.length === 0 ||
    pluginId.length > MAX_PLUGIN_ID_LENGTH
  ) {
    throw new InvalidArgumentError(
      `A plugin id must be a string of 1 to ${MAX_PLUGIN_ID_LENGTH} characters, got ${typeof pluginId === 'string' ? `${pluginId.length} characters` : typeof pluginId}`,
    )
  }
  for (let i = 0; i < pluginId.length; i++) {
    const code = pluginId.charCodeAt(i)
    if (code < 0x20 || code === 0x7f) {
      throw new InvalidArgumentError(
        `A plugin id must not contain control characters (${JSON.stringify(pluginId.slice(0, 40))})`,
      )
    }
  }
  return `plugin:${pluginId}`
}
