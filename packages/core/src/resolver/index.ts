export { type ConfigReference, collectRefs } from './collect-refs.js'
export {
  type ConfigLimits,
  type ConfigWalkOptions,
  DEFAULT_CONFIG_LIMITS,
  DEFAULT_REFERENCE_PREFIX,
  type ReferenceSyntaxOptions,
} from './config-walk-options.js'
export { type ConfigPathKey, formatConfigPath, ROOT_CONFIG_PATH } from './format-config-path.js'
export { InvalidConfigError, type InvalidConfigProblem } from './invalid-config-error.js'
export { type MaskConfigOptions, maskConfig, SECRET_MASK } from './mask-config.js'
export {
  DEFAULT_MAX_OUTPUT_SIZE,
  type ResolveConfigOptions,
  resolveConfig,
} from './resolve-config.js'
