import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import { _setOwn, _walkConfig } from './_walk-config.js'
import { _walkSettings, type ConfigWalkOptions } from './config-walk-options.js'

/** The text that stands for a secret in masked output. */
export const SECRET_MASK = '••••'

/** Options of {@link maskConfig}. */
export interface MaskConfigOptions extends ConfigWalkOptions {
  /**
   * What each reference becomes.
   * @default '••••'
   */
  mask?: string
}

/**
 * Renders a config for logs: a copy of the config as written, with every
 * reference (default and all) replaced by `••••` and escapes applied, so it
 * reads like the resolved config without holding any value. It never reads a
 * secret, so it cannot leak one.
 *
 * Pass the config as written, not the output of `resolveConfig`: a resolved
 * config no longer shows where its secrets are.
 *
 * @param config the configuration as written
 * @param options syntax and limits as for `resolveConfig`, and the mask text
 * @returns the masked copy
 * @throws {InvalidConfigError} for a malformed reference, a cycle or a limit exceeded
 * @example
 * ```ts
 * maskConfig({ url: 'https://${SECRET:USER}:${SECRET:PASS}@db' }) // { url: 'https://••••:••••@db' }
 * ```
 */
export function maskConfig<T>(config: T, options: MaskConfigOptions = {}): T {
  const mask = options.mask ?? SECRET_MASK
  if (typeof mask !== 'string') throw new InvalidArgumentError('"mask" expected a string')
  const { root, sites } = _walkConfig(config, _walkSettings(options))
  for (const { target, key, template } of sites) {
    _setOwn(target, key, template.kind === 'whole' ? mask : template.texts.join(mask))
  }
  return root.value as T
}
