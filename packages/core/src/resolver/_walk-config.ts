/**
 * The config walk shared by `resolveConfig`, `collectRefs` and `maskConfig`:
 * copies plain objects and arrays, parses every string, enforces the limits,
 * and lists the places that hold references so a caller can fill them in.
 * @module
 */

import { _parseTemplate, type _Template } from './_parse-template.js'
import type { _WalkSettings } from './config-walk-options.js'
import { type ConfigPathKey, formatConfigPath } from './format-config-path.js'
import { InvalidConfigError, type InvalidConfigProblem } from './invalid-config-error.js'

/** A copied object or array, or the box that holds the root value. */
type Container = Record<PropertyKey, unknown>

/** A place in the copy that holds references. */
export interface _ReferenceSite {
  /** The copied object, array or root box. */
  readonly target: Container
  /** The key in `target`. */
  readonly key: ConfigPathKey
  /** The parsed string. */
  readonly template: Exclude<_Template, { kind: 'text' }>
  /** The rendered config path. */
  readonly path: string
}

/** The result of a walk. */
export interface _WalkResult {
  /** `root.value` is the copy; fill every site before handing it out. */
  readonly root: { value: unknown }
  /** Every string that holds references, in walk order. */
  readonly sites: readonly _ReferenceSite[]
}

/**
 * Copies `config` and finds its references. Reference strings are left as they
 * were in the copy: the caller must {@link _setOwn} every site.
 * @throws {InvalidConfigError} for a malformed reference, a cycle or a limit exceeded
 */
export function _walkConfig(config: unknown, settings: _WalkSettings): _WalkResult {
  const { prefix, maxDepth, maxReferences, maxStringLength, maxSize } = settings
  const sites: _ReferenceSite[] = []
  const keys: ConfigPathKey[] = []
  const ancestors = new Map<object, number>()
  let size = 0
  let references = 0

  const fail = (problem: InvalidConfigProblem, message: (path: string) => string): never => {
    const path = formatConfigPath(keys)
    throw new InvalidConfigError(problem, path, message(path))
  }

  const grow = (amount: number): void => {
    size += amount
    if (size > maxSize) {
      fail(
        'size',
        (path) =>
          `The config is larger than maxSize (${maxSize}); the limit was reached at ${path}`,
      )
    }
  }

  const visitString = (text: string, target: Container, key: ConfigPathKey): unknown => {
    if (text.length > maxStringLength) {
      fail(
        'size',
        (path) =>
          `The string at ${path} has ${text.length} characters, more than maxStringLength (${maxStringLength})`,
      )
    }
    grow(text.length)
    const template = _parseTemplate(text, prefix, (message) =>
      fail('syntax', (path) => `Invalid secret reference at ${path}: ${message}`),
    )
    if (template.kind === 'text') return template.text
    references += template.kind === 'whole' ? 1 : template.refs.length
    if (references > maxReferences) {
      fail(
        'references',
        (path) =>
          `The config has more than maxReferences (${maxReferences}) secret references; the limit was reached at ${path}`,
      )
    }
    sites.push({ target, key, template, path: formatConfigPath(keys) })
    return text
  }

  const visit = (value: unknown, target: Container, key: ConfigPathKey): unknown => {
    grow(1)
    if (typeof value === 'string') return visitString(value, target, key)
    if (typeof value !== 'object' || value === null) return value
    const isArray = Array.isArray(value)
    const proto: unknown = isArray ? null : Object.getPrototypeOf(value)
    if (!isArray && proto !== Object.prototype && proto !== null) return value

    const seenAt = ancestors.get(value)
    if (seenAt !== undefined) {
      const back = formatConfigPath(keys.slice(0, seenAt))
      fail('cycle', (path) => `The config contains a cycle: ${path} refers back to ${back}`)
    }
    if (ancestors.size >= maxDepth) {
      fail('depth', (path) => `The config is nested deeper than maxDepth (${maxDepth}) at ${path}`)
    }
    ancestors.set(value, keys.length)
    let copy: Container
    if (isArray) {
      const array = value as unknown[]
      const out = new Array<unknown>(array.length)
      copy = out as unknown as Container
      for (let i = 0; i < array.length; i++) {
        keys.push(i)
        out[i] = visit(array[i], copy, i)
        keys.pop()
      }
    } else {
      const object = value as Container
      copy = proto === null ? Object.create(null) : {}
      for (const name of Object.keys(object)) {
        grow(name.length)
        keys.push(name)
        _setOwn(copy, name, visit(object[name], copy, name))
        keys.pop()
      }
    }
    ancestors.delete(value)
    return copy
  }

  const root: Container & { value: unknown } = { value: undefined }
  root.value = visit(config, root, 'value')
  return { root, sites }
}

/**
 * Sets an own data property, also for keys such as `__proto__` that an
 * assignment would treat as the prototype setter.
 */
export function _setOwn(target: Container, key: ConfigPathKey, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    })
  } else {
    target[key] = value
  }
}
