import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN } from './_cli.js'

const root = join(import.meta.dirname, '..')
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : [readFileSync(join(dir, entry.name), 'utf8')],
  )
}

describe('@secrets/cli package', () => {
  it('ships the secrets bin: an executable ESM file with a node shebang', () => {
    expect(manifest.bin).toEqual({ secrets: './dist/cli.js' })
    expect(join(root, manifest.bin.secrets)).toBe(BIN)
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true)
    expect(statSync(BIN).mode & 0o111).not.toBe(0)
  })

  it('declares every package it imports: dependencies, or optional peers for adapters', () => {
    const text = sources(join(root, 'src')).join('\n')
    const specifiers = [...text.matchAll(/(?:from |import\()'([^'.][^']*)'/g)].map((m) => m[1]!)
    const imported = new Set(
      specifiers
        .filter((spec) => !spec.startsWith('node:'))
        .map((spec) =>
          spec
            .split('/')
            .slice(0, spec.startsWith('@') ? 2 : 1)
            .join('/'),
        ),
    )
    const declared = { ...manifest.dependencies, ...manifest.peerDependencies }
    for (const name of imported) expect(declared[name], name).toBeDefined()
    for (const name of Object.keys(manifest.peerDependencies ?? {})) {
      expect(manifest.peerDependenciesMeta[name]?.optional, name).toBe(true)
    }
    expect(new Set(Object.keys(manifest.dependencies))).toEqual(
      new Set([...imported].filter((n) => !(n in (manifest.peerDependencies ?? {})))),
    )
  })
})
