/**
 * Flat JSON maps as a source: `{ "NAME": "value", … }`, the shape that
 * `heroku config --json`, a Secrets Manager `SecretString` or a hand-kept
 * `secrets.json` have.
 * @module
 */
import { readFileSync } from 'node:fs'
import { InvalidArgumentError, InvalidValueError, type ScopeInput } from '@secrets/core'
import type { ImportEntry } from './import-entry.js'

/** Options of {@link jsonMapSource}. */
export interface JsonMapSourceOptions {
  /** The file to read. */
  path?: string
  /** Or the parsed map. */
  data?: unknown
  /** The scope every entry goes to. */
  scope: ScopeInput
  /** A description for every secret written. */
  description?: string
}

/**
 * The entries of a flat JSON map. A member that is not a string (a number,
 * an object) is reported as failed with `INVALID_VALUE`, naming its type only.
 * @param options the map (`path` or `data`), the scope and an optional description
 * @returns one entry per member
 * @throws {InvalidArgumentError} when neither or both of `path` and `data` are given, or the JSON is not an object
 * @example
 * ```ts
 * await importSecrets(secrets, jsonMapSource({ path: 'secrets.json', scope: { app: 'api' } }))
 * ```
 */
export function jsonMapSource(options: JsonMapSourceOptions): ImportEntry[] {
  const { path, data, scope, description } = options ?? ({} as JsonMapSourceOptions)
  if ((path === undefined) === (data === undefined)) {
    throw new InvalidArgumentError('jsonMapSource needs either "path" or "data"')
  }
  let map: unknown = data
  if (path !== undefined) {
    try {
      map = JSON.parse(readFileSync(path, 'utf8'))
    } catch (cause) {
      // The parser's message can quote the file's text: only say where.
      if (cause instanceof SyntaxError) {
        throw new InvalidArgumentError(`${path} is not valid JSON`)
      }
      throw cause
    }
  }
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new InvalidArgumentError('A JSON map source must be an object of names to strings')
  }
  return Object.entries(map).map(([name, raw]) => {
    const value =
      typeof raw === 'string'
        ? raw
        : () => {
            throw new InvalidValueError(
              `"${name}" is ${raw === null ? 'null' : `a ${typeof raw}`} in the JSON map, not a string`,
            )
          }
    return description === undefined ? { scope, name, value } : { scope, name, value, description }
  })
}
