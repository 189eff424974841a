/**
 * `.env` files as a source, parsed by `dotenv` (the parser Node projects
 * load them with): `export` prefixes, comments, single, double and backtick
 * quotes, multi-line values. Values are taken literally: `${OTHER}` is not
 * expanded (that is dotenv-expand's job, not a stored secret's).
 * @module
 */
import { readFileSync } from 'node:fs'
import { InvalidArgumentError, type ScopeInput } from '@secrets/core'
import { parse } from 'dotenv'
import type { ImportEntry } from './import-entry.js'

/** Options of {@link dotenvSource}. */
export interface DotenvSourceOptions {
  /** The file to read. */
  path?: string
  /** Or its text. */
  text?: string
  /** The scope every entry goes to. */
  scope: ScopeInput
  /** A description for every secret written, such as `imported from api/.env`. */
  description?: string
}

/**
 * The entries of a `.env` file; a name given twice keeps its last value, as
 * dotenv does.
 * @param options the file (`path` or `text`), the scope and an optional description
 * @returns one entry per variable, in file order
 * @throws {InvalidArgumentError} when neither or both of `path` and `text` are given
 * @example
 * ```ts
 * await importSecrets(secrets, dotenvSource({ path: '.env.production', scope: { app: 'api' } }))
 * ```
 */
export function dotenvSource(options: DotenvSourceOptions): ImportEntry[] {
  const { path, text, scope, description } = options ?? ({} as DotenvSourceOptions)
  if ((path === undefined) === (text === undefined)) {
    throw new InvalidArgumentError('dotenvSource needs either "path" or "text"')
  }
  const parsed = parse(text ?? readFileSync(path as string, 'utf8'))
  return Object.entries(parsed).map(([name, value]) =>
    description === undefined ? { scope, name, value } : { scope, name, value, description },
  )
}
