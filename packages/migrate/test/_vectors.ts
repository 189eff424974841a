import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/** Reads a JSON file of the repository's `vectors/` folder, failing (never skipping) when absent. */
export function readVectors<T>(relative: string): T {
  const file = resolve(import.meta.dirname, '../../../vectors', relative)
  if (!existsSync(file))
    throw new Error(`Test vectors not found at ${file} (see vectors/README.md)`)
  return JSON.parse(readFileSync(file, 'utf8')) as T
}
