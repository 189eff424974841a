/**
 * Reading a configuration file for `resolve`: JSON when it ends in `.json`,
 * YAML otherwise (YAML 1.2 reads JSON too). Parse errors give the line and
 * column only: a parser's message quotes the text, and a config file may hold
 * literal values.
 * @module
 */
import { readFileSync } from 'node:fs'
import { parseDocument } from 'yaml'
import { CliError, EXIT, fileError } from './_errors.js'

/** A configuration file, parsed. */
export interface ConfigFile {
  /** The parsed value. */
  config: unknown
  /** The format it was written in, which `resolve` prints back. */
  format: 'json' | 'yaml'
}

/**
 * Reads and parses a JSON or YAML file.
 * @throws {CliError} usage (exit 1) when it cannot be read; config (exit 4) when it does not parse
 */
export function readConfigFile(path: string): ConfigFile {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw fileError(path, error)
  }
  if (path.toLowerCase().endsWith('.json')) {
    try {
      return { config: JSON.parse(text), format: 'json' }
    } catch (error) {
      const at = /position (\d+)/.exec(String((error as Error).message))?.[1]
      throw new CliError(EXIT.config, `${path} is not valid JSON${at ? ` (at offset ${at})` : ''}`)
    }
  }
  const doc = parseDocument(text)
  const [first] = doc.errors
  if (first) {
    const where = first.linePos?.[0]
    throw new CliError(
      EXIT.config,
      `${path} is not valid YAML${where ? ` (line ${where.line}, column ${where.col})` : ''}: ${first.code}`,
    )
  }
  try {
    // Aliases are bounded (maxAliasCount 100), so a "billion laughs" file fails fast.
    return { config: doc.toJS(), format: 'yaml' }
  } catch {
    throw new CliError(EXIT.config, `${path}: its YAML aliases expand too far`)
  }
}
