import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

describe('@secrets/env package', () => {
  it('declares every adapter it imports as an optional peer dependency', () => {
    const source = readdirSync(join(root, 'src'))
      .map((f) => readFileSync(join(root, 'src', f), 'utf8'))
      .join('\n')
    const imported = new Set(
      [...source.matchAll(/import\('(@secrets\/[a-z-]+)'\)/g)].map((m) => m[1]),
    )
    expect(imported.size).toBe(5)
    for (const name of imported) {
      expect(manifest.peerDependencies[name!], name).toBeDefined()
      expect(manifest.peerDependenciesMeta[name!]?.optional, name).toBe(true)
    }
  })
})
