/**
 * The pages whose TypeScript is checked: `README.md`, every `docs/**\/*.md`
 * and every `packages/*\/README.md`, found afresh on every run so that a new
 * guide is checked the moment it exists.
 * @module
 */
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (this package is `packages/docs-examples`). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

/** This package's directory. */
export const packageDir = join(repoRoot, 'packages', 'docs-examples')

/** Page paths relative to the repository root, `/`-separated, sorted. */
export function findPages(root: string = repoRoot): string[] {
  const pages: string[] = []
  if (existsSync(join(root, 'README.md'))) pages.push('README.md')
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile() && entry.name.endsWith('.md')) pages.push(toPage(root, path))
    }
  }
  if (existsSync(join(root, 'docs'))) walk(join(root, 'docs'))
  const packages = join(root, 'packages')
  if (existsSync(packages)) {
    for (const entry of readdirSync(packages, { withFileTypes: true })) {
      const readme = join(packages, entry.name, 'README.md')
      if (entry.isDirectory() && existsSync(readme)) pages.push(toPage(root, readme))
    }
  }
  return pages.sort()
}

function toPage(root: string, path: string): string {
  return relative(root, path).split(sep).join('/')
}
