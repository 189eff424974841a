import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

describe('@secrets/migrate package', () => {
  it('imports only types from kysely, an optional peer, so the entry loads without it', () => {
    const sources = readdirSync(join(root, 'src')).map((f) =>
      readFileSync(join(root, 'src', f), 'utf8'),
    )
    const imports = sources.flatMap((s) => [...s.matchAll(/^import (type )?.*from 'kysely'$/gm)])
    expect(imports.length).toBeGreaterThan(0)
    for (const match of imports) expect(match[1], match[0]).toBe('type ')
    expect(manifest.peerDependenciesMeta.kysely.optional).toBe(true)
  })
})
