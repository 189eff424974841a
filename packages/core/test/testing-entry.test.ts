import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const core = join(dirname(fileURLToPath(import.meta.url)), '..')
const app = mkdtempSync(join(tmpdir(), 'secrets-no-vitest-'))
afterAll(() => rmSync(app, { recursive: true, force: true }))

describe('@secrets/core/testing without vitest', () => {
  it('says to install vitest, while @secrets/core itself loads', () => {
    // An app with the built package and its dependencies, and no vitest.
    const modules = join(app, 'node_modules')
    cpSync(join(core, 'dist'), join(modules, '@secrets/core/dist'), { recursive: true })
    cpSync(join(core, 'package.json'), join(modules, '@secrets/core/package.json'))
    for (const dep of ['@noble/ciphers', '@noble/hashes'])
      cpSync(realpathSync(join(core, 'node_modules', dep)), join(modules, dep), { recursive: true })
    writeFileSync(join(app, 'package.json'), '{"type":"module"}')
    const run = (code: string) =>
      execFileSync(process.execPath, ['--input-type=module', '-e', code], {
        cwd: app,
        encoding: 'utf8',
      })
    expect(run("import('@secrets/core/testing').catch((e) => console.log(e.message))")).toMatch(
      /runs its conformance suite with vitest, which is not installed: npm install --save-dev vitest/,
    )
    expect(run("import('@secrets/core').then((m) => console.log(typeof m.createSecrets))")).toBe(
      'function\n',
    )
  })
})
