import { InvalidArgumentError } from '../errors/invalid-argument-error.js'

/** The whole-string reference prefix used when none is given. */
export const DEFAULT_REFERENCE_PREFIX = 'secret:'

/** The default limits of a config walk. */
export const DEFAULT_CONFIG_LIMITS: Readonly<Required<ConfigLimits>> = Object.freeze({
  maxDepth: 64,
  maxReferences: 10_000,
  maxStringLength: 1024 * 1024,
  maxSize: 16 * 1024 * 1024,
})

/** The highest `maxDepth` accepted: the walk recurses once per level. */
const MAX_DEPTH_CEILING = 1000

/** Limits that turn hostile or runaway configs into errors instead of hangs. */
export interface ConfigLimits {
  /**
   * The most objects and arrays nested in one another (the root counts as one).
   * @default 64 (at most 1000)
   */
  maxDepth?: number
  /**
   * The most references (uses, not distinct names) in one config.
   * @default 10000
   */
  maxReferences?: number
  /**
   * The longest string value, in UTF-16 code units.
   * @default 1048576 (1 MiB)
   */
  maxStringLength?: number
  /**
   * The total size of the walk: one per value visited plus the length of every
   * string and key. Bounds the work on configs that share one subtree many
   * times (YAML aliases), which a per-string limit cannot.
   * @default 16777216 (16 Mi)
   */
  maxSize?: number
}

/** How references are written. */
export interface ReferenceSyntaxOptions {
  /**
   * The prefix of whole-string references (`secret:NAME`), or `false` to
   * recognise only `${SECRET:NAME}` placeholders. A letter, then up to 63
   * printable ASCII characters other than `\ $ { }` and space.
   * @default 'secret:'
   */
  prefix?: string | false
}

/** Options shared by `resolveConfig`, `collectRefs` and `maskConfig`. */
export interface ConfigWalkOptions extends ReferenceSyntaxOptions, ConfigLimits {}

/** Walk options after validation, with every default applied. */
export interface _WalkSettings extends Readonly<Required<ConfigLimits>> {
  /** The whole-string prefix, or null when disabled. */
  readonly prefix: string | null
}

/**
 * Validates walk options and applies defaults, once per call.
 * @throws {InvalidArgumentError} naming the option that is wrong
 */
export function _walkSettings(options: ConfigWalkOptions = {}): _WalkSettings {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('Config walk options must be an object')
  }
  const settings: { -readonly [K in keyof _WalkSettings]: _WalkSettings[K] } = {
    prefix: prefixOption(options.prefix),
    ...DEFAULT_CONFIG_LIMITS,
  }
  for (const key of Object.keys(DEFAULT_CONFIG_LIMITS) as Array<keyof ConfigLimits>) {
    const value = options[key]
    if (value === undefined) continue
    const ceiling = key === 'maxDepth' ? MAX_DEPTH_CEILING : Number.MAX_SAFE_INTEGER
    if (!Number.isSafeInteger(value) || value < 1 || value > ceiling) {
      throw new InvalidArgumentError(
        `"${key}" expected an integer from 1 to ${ceiling}, got ${String(value)}`,
      )
    }
    settings[key] = value
  }
  return Object.freeze(settings)
}

function prefixOption(prefix: string | false | undefined): string | null {
  if (prefix === undefined) return DEFAULT_REFERENCE_PREFIX
  if (prefix === false) return null
  if (typeof prefix !== 'string' || !isValidPrefix(prefix)) {
    throw new InvalidArgumentError(
      '"prefix" expected false or a letter then up to 63 printable ASCII characters other than \\ $ { } and space, such as "nexus-secret:"',
    )
  }
  return prefix
}

function isValidPrefix(prefix: string): boolean {
  if (prefix.length === 0 || prefix.length > 64) return false
  const first = prefix.charCodeAt(0) | 0x20
  if (first < 0x61 || first > 0x7a) return false
  for (let i = 1; i < prefix.length; i++) {
    const c = prefix.charCodeAt(i)
    if (c <= 0x20 || c >= 0x7f || c === 0x5c || c === 0x24 || c === 0x7b || c === 0x7d) {
      return false
    }
  }
  return true
}
