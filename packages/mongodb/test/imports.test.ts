/**
 * The package types the driver structurally and never loads it, except
 * `mongoBackendFromEnv`, lazily. Checked on the sources and on the built
 * CommonJS entry (`pnpm build` first).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const src = fileURLToPath(new URL('../src/', import.meta.url))
const dist = fileURLToPath(new URL('../dist/', import.meta.url))

describe('imports of the driver', () => {
  it('the sources import mongodb only lazily, in mongo-backend-from-env.ts', () => {
    const lazy: string[] = []
    for (const file of readdirSync(src)) {
      const code = readFileSync(`${src}${file}`, 'utf8')
      expect(code, file).not.toMatch(/from\s+['"]mongodb['"]|require\(\s*['"]mongodb['"]\s*\)/)
      if (/import\(\s*['"]mongodb['"]\s*\)/.test(code)) lazy.push(file)
    }
    expect(lazy).toEqual(['mongo-backend-from-env.ts'])
  })

  it('loading the built CommonJS entry does not load the driver', () => {
    expect(existsSync(`${dist}index.cjs`), 'dist/index.cjs is missing: run pnpm build').toBe(true)
    const require = createRequire(import.meta.url)
    const before = new Set(Object.keys(require.cache))
    const pkg = require(`${dist}index.cjs`) as Record<string, unknown>
    expect(typeof pkg.mongoBackend).toBe('function')
    const loaded = Object.keys(require.cache).filter((file) => !before.has(file))
    expect(loaded.filter((file) => /[\\/]node_modules[\\/](mongodb|bson)[\\/]/.test(file))).toEqual(
      [],
    )
    expect(loaded.length).toBeGreaterThan(0)
    expect(readFileSync(`${dist}index.js`, 'utf8')).not.toMatch(/^import[^;]*['"]mongodb['"]/m)
  })
})
