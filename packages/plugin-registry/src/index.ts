/**
 * @secrets/plugin-registry: resolve plugin and MCP server configs' secret
 * references at load time, per calling scope, audited per plugin.
 * @module
 */
export { MAX_PLUGIN_ID_LENGTH, pluginAccessor } from './plugin-accessor.js'
export {
  type PluginMissingSecrets,
  PluginMissingSecretsError,
} from './plugin-missing-secrets-error.js'
export {
  DEFAULT_SHARED_ACCESSOR,
  type PluginEntry,
  type ResolvePluginConfigsOptions,
  resolvePluginConfigs,
} from './resolve-plugin-configs.js'
export {
  DEFAULT_PLUGIN_REASON,
  type PluginConfigLoader,
  type ResolvingConfigLoader,
  type SecretResolutionOptions,
  withSecretResolution,
} from './with-secret-resolution.js'
