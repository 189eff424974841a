import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import { type MissingSecret, MissingSecretError } from '../errors/missing-secret-error.js'
import type { AccessContext, ScopedSecrets, SecretRequest, SecretValue } from '../store/types.js'
import type { _SecretReference } from './_parse-template.js'
import { _NO_FIELD, _NOT_JSON, _parseJsonValue, _readField } from './_read-field.js'
import { type _ReferenceSite, _setOwn, _walkConfig } from './_walk-config.js'
import { _walkSettings, type ConfigWalkOptions } from './config-walk-options.js'
import { InvalidConfigError } from './invalid-config-error.js'

/** The default bound on the text `resolveConfig` writes into its result (16 Mi UTF-16 code units). */
export const DEFAULT_MAX_OUTPUT_SIZE = 16 * 1024 * 1024

/** Options of {@link resolveConfig}. */
export interface ResolveConfigOptions extends ConfigWalkOptions, AccessContext {
  /** The scope to read from: `secrets.scope({ tenant, user })`. Only its batched `readMany` is used. */
  secrets: Pick<ScopedSecrets, 'readMany'>
  /**
   * The most text the resolved strings may hold together, in UTF-16 code
   * units. `maxSize` bounds the config walked; this bounds what substitution
   * makes of it (one 64 KiB secret used 10,000 times is 655 Mi characters).
   * Checked before each concatenation.
   * @default 16777216 (16 Mi)
   */
  maxOutputSize?: number
}

/** One distinct (name, version) read, with every config path that uses it. */
interface Read {
  readonly name: string
  readonly version: number | undefined
  readonly usedAt: string[]
  value: SecretValue | null
  json?: unknown
}

/**
 * Returns a copy of `config` with every secret reference replaced by its value.
 *
 * Every distinct (name, version) is read with one `readMany` call (one backend
 * round trip, one audit batch whose events carry the config paths of each
 * use). The input is never changed; plain objects and arrays are copied, other
 * values (numbers, `null`, `Date`, `Map`, class instances) are kept as they are.
 * The grammar is in docs/resolver.md: `${SECRET:NAME}`, `secret:NAME`,
 * `@version`, `#json.field`, `:-default`, `?`, and the `$${SECRET:…}` escape.
 *
 * Typed as the input: a whole-string `#field` reference gives the field's JSON
 * type (a port stays a number) where the input held a string.
 *
 * @param config the configuration as written
 * @param options the scope, who reads and why, syntax and limits
 * @returns the resolved copy
 * @throws {MissingSecretError} listing every absent secret with every config path that uses it
 * @throws {InvalidConfigError} for a malformed reference, a cycle, a limit exceeded, or a `#field` the value lacks
 * @throws {InvalidArgumentError} for bad options
 * @throws whatever `readMany` throws (AuditError, DecryptionError, BackendError)
 * @example
 * ```ts
 * const resolved = await resolveConfig(plugin.config, {
 *   secrets: secrets.scope({ tenant: 'acme', user: 'alice' }),
 *   accessor: 'plugin:slack',
 *   reason: 'load config',
 * })
 * ```
 */
export async function resolveConfig<T>(config: T, options: ResolveConfigOptions): Promise<T> {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('resolveConfig expected options with secrets and accessor')
  }
  const { secrets, accessor, reason } = options
  if (typeof secrets?.readMany !== 'function') {
    throw new InvalidArgumentError(
      '"secrets" expected a scoped handle, such as store.scope({ tenant: "acme" })',
    )
  }
  if (typeof accessor !== 'string' || accessor.length === 0) {
    throw new InvalidArgumentError('"accessor" expected a non-empty string, such as "plugin:slack"')
  }
  if (reason !== undefined && typeof reason !== 'string') {
    throw new InvalidArgumentError('"reason" expected a string')
  }
  const maxOutput = options.maxOutputSize ?? DEFAULT_MAX_OUTPUT_SIZE
  if (!Number.isSafeInteger(maxOutput) || maxOutput < 1) {
    throw new InvalidArgumentError(
      `"maxOutputSize" expected a positive integer, got ${String(options.maxOutputSize)}`,
    )
  }
  const { root, sites } = _walkConfig(config, _walkSettings(options))
  if (sites.length === 0) return root.value as T

  const reads = new Map<string, Read>()
  const readOf = (ref: _SecretReference): Read => {
    const key = `${ref.name}@${ref.version ?? ''}`
    let read = reads.get(key)
    if (read === undefined) {
      read = { name: ref.name, version: ref.version, usedAt: [], value: null }
      reads.set(key, read)
    }
    return read
  }
  const uses = sites.map((site) => {
    const refs = site.template.kind === 'whole' ? [site.template.ref] : site.template.refs
    return refs.map((ref) => {
      const read = readOf(ref)
      if (read.usedAt.at(-1) !== site.path) read.usedAt.push(site.path)
      return read
    })
  })

  const list = [...reads.values()]
  const requests: SecretRequest[] = list.map(({ name, version, usedAt }) =>
    version === undefined ? { name, usedAt } : { name, version, usedAt },
  )
  const values = await secrets.readMany(
    requests,
    reason === undefined ? { accessor } : { accessor, reason },
  )
  if (!Array.isArray(values) || values.length !== list.length) {
    throw new InvalidArgumentError(
      `secrets.readMany returned ${Array.isArray(values) ? values.length : 'no'} values for ${list.length} requests`,
    )
  }
  list.forEach((read, i) => {
    read.value = values[i] ?? null
  })

  throwIfMissing(sites, uses)

  let output = 0
  /** Counts `length` more output, failing before a string that would pass the bound is built. */
  const spend = (length: number, path: string) => {
    output += length
    if (output > maxOutput) {
      throw new InvalidConfigError(
        'output',
        path,
        `Resolving the config would write more than ${maxOutput} characters (maxOutputSize), at ${path}`,
      )
    }
  }
  sites.forEach((site, s) => {
    const reads = uses[s]!
    const { template } = site
    let value: unknown
    if (template.kind === 'whole') {
      value = referenceValue(template.ref, reads[0]!, site.path, true)
      if (typeof value === 'string') spend(value.length, site.path)
    } else {
      spend(template.texts[0]!.length, site.path)
      let text = template.texts[0]!
      template.refs.forEach((ref, r) => {
        const part = referenceValue(ref, reads[r]!, site.path, false)
        const piece = typeof part === 'string' ? part : JSON.stringify(part)
        const after = template.texts[r + 1]!
        spend(piece.length + after.length, site.path)
        text += piece + after
      })
      value = text
    }
    _setOwn(site.target, site.key, value)
  })
  return root.value as T
}

/** Throws one error naming every absent secret without a default and every path that uses it. */
function throwIfMissing(
  sites: readonly _ReferenceSite[],
  uses: readonly (readonly Read[])[],
): void {
  const missing = new Map<Read, MissingSecret>()
  sites.forEach((site, s) => {
    const refs = site.template.kind === 'whole' ? [site.template.ref] : site.template.refs
    refs.forEach((ref, r) => {
      const read = uses[s]![r]!
      if (read.value !== null || ref.optional || ref.fallback !== undefined) return
      let entry = missing.get(read)
      if (entry === undefined) {
        entry = { name: read.name, paths: [] }
        if (read.version !== undefined) entry.version = read.version
        missing.set(read, entry)
      }
      if (entry.paths.at(-1) !== site.path) entry.paths.push(site.path)
    })
  })
  if (missing.size > 0) throw new MissingSecretError([...missing.values()])
}

/** The value one reference stands for; a `#field` is read from the JSON value. */
function referenceValue(ref: _SecretReference, read: Read, path: string, whole: boolean): unknown {
  if (read.value === null) return fallbackOf(ref, whole)
  if (ref.field === undefined) return read.value.value
  if (!('json' in read)) read.json = _parseJsonValue(read.value.value)
  const field = ref.field.join('.')
  if (read.json === _NOT_JSON) {
    throw new InvalidConfigError(
      'field',
      path,
      `Secret "${ref.name}" used at ${path} is not valid JSON, so its field "${field}" cannot be read`,
    )
  }
  const value = _readField(read.json, ref.field)
  if (value === _NO_FIELD) {
    if (ref.optional || ref.fallback !== undefined) return fallbackOf(ref, whole)
    throw new InvalidConfigError(
      'field',
      path,
      `Secret "${ref.name}" used at ${path} has no field "${field}"; add ":-default" or "?" to the reference to allow that`,
    )
  }
  // Each use gets its own copy of an object or array, never a shared one.
  return whole && typeof value === 'object' && value !== null
    ? JSON.parse(JSON.stringify(value))
    : value
}

/**
 * What an absent reference with `?` or `:-default` gives: `''` for `?`; the
 * default as text, except that in a whole-string `#field` reference a default
 * written as JSON (`:-5432`, `:-true`) keeps its JSON type.
 */
function fallbackOf(ref: _SecretReference, whole: boolean): unknown {
  if (ref.fallback === undefined) return ''
  if (whole && ref.field !== undefined) {
    const parsed = _parseJsonValue(ref.fallback)
    if (parsed !== _NOT_JSON) return parsed
  }
  return ref.fallback
}
