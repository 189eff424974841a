import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))

/** Runs the fixture in a fresh Node process (TypeScript through tsx), with extra --import hooks. */
async function openFromEnv(...hooks: string[]): Promise<string> {
  const imports = ['tsx', ...hooks].flatMap((hook) => ['--import', hook])
  const { stdout } = await run(process.execPath, [...imports, fixture('open-from-env.ts')], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, METADATA_SERVER_DETECTION: 'none' },
  })
  return stdout.trim()
}

describe('gcpSecretManagerBackendFromEnv without @google-cloud/secret-manager', () => {
  it('says which package to install (the package hidden by a resolve hook)', async () => {
    expect(await openFromEnv(fixture('without-secret-manager.mjs'))).toBe(
      'InvalidArgumentError: The GCP Secret Manager backend needs the @google-cloud/secret-manager package: npm install @google-cloud/secret-manager',
    )
  })

  it('opens when the package is there (the same fixture, no hook)', async () => {
    expect(await openFromEnv()).toBe('opened')
  })
})
