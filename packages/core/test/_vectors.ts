import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** The repository's `vectors/` folder: vendored public test vectors, see its README. */
export const vectorsDir = resolve(repoRoot, 'vectors')

/** Reads a JSON vector file, failing loudly (never skipping) when it is absent. */
export function readVectors<T>(relative: string): T {
  const file = resolve(vectorsDir, relative)
  if (!existsSync(file))
    throw new Error(`Test vectors not found at ${file} (see vectors/README.md)`)
  return JSON.parse(readFileSync(file, 'utf8')) as T
}

/** Hex to bytes. */
export function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'hex'))
}
