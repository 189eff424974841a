/**
 * Running the built `secrets` binary as a subprocess, against SQLite in a
 * temporary directory (always) and PostgreSQL (when SECRETS_TEST_POSTGRES_URL
 * is set; in CI it must be).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateMasterKey } from '@secrets/core'
import { expect } from 'vitest'

/** The built binary: `pnpm build` writes it (the root `pnpm test` builds first). */
export const BIN = join(import.meta.dirname, '..', 'dist', 'cli.js')
if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run pnpm build first`)

/** Variables of one store. */
export type Env = Record<string, string | undefined>

/** What a run of the binary gave. */
export interface Result {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Options of {@link cli}. */
export interface RunOptions {
  /** Variables over the base environment (undefined removes one). */
  env?: Env
  /** Written to stdin, then closed; stdin is closed at once without it. */
  input?: string
  cwd?: string
  /** Called with the child as soon as it is spawned (to signal it). */
  onSpawn?: (child: ChildProcess) => void
  /** Called with each chunk of stderr. */
  onStderr?: (text: string, child: ChildProcess) => void
}

/**
 * The environment of the test process without anything that configures the
 * library or colours, so that only what a test passes counts; NODE_OPTIONS
 * and SECRETS_NATIVE_ADDONS stay (CI loads native addons for Node 22 and 24 so).
 */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || name === 'NO_COLOR' || name === 'FORCE_COLOR') continue
    if (name.startsWith('SECRETS_') && name !== 'SECRETS_NATIVE_ADDONS') continue
    env[name] = value
  }
  return env
}

/** Runs `node dist/cli.js …args`. */
export function cli(args: readonly string[], options: RunOptions = {}): Promise<Result> {
  return runNode([BIN, ...args], options)
}

/** Runs `node …args` with the base environment and the given variables. */
export function runNode(args: readonly string[], options: RunOptions = {}): Promise<Result> {
  const env: Record<string, string> = baseEnv()
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }
  const child = spawn(process.execPath, args, { env, cwd: options.cwd, stdio: 'pipe' })
  options.onSpawn?.(child)
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text
  })
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text
    options.onStderr?.(text, child)
  })
  child.stdin.end(options.input)
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

/**
 * Expects a failure: the exit code, a `secrets: ` line on stderr (after any
 * progress lines), no stack trace, and none of `secrets` anywhere in the output.
 */
export function expectFailure(result: Result, code: number, secrets: readonly string[] = []) {
  expect(result.code, result.stderr).toBe(code)
  expect(result.stderr).toMatch(/^secrets: /m)
  expect(result.stderr).not.toMatch(/\n\s+at /)
  for (const secret of secrets) {
    expect(result.stdout).not.toContain(secret)
    expect(result.stderr).not.toContain(secret)
  }
}

/** Expects success, showing stderr when it failed. */
export function expectSuccess(result: Result): Result {
  expect(result.code, result.stderr).toBe(0)
  return result
}

/** A temporary directory, removed by the returned function. */
export function tempDir(label: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `secrets-cli-${label}-`))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A store to test against: the variables that configure it, and a way to clean it up. */
export interface TestStore {
  backend: 'sqlite' | 'postgres'
  env: Env
  /** Drops what the store created (the PostgreSQL tables). */
  drop(): Promise<void>
}

/** Whether a server suite must be skipped (never in CI, where the server must be there). */
function skipWithout(variable: string): boolean {
  if (process.env[variable]) return false
  if (process.env.CI) throw new Error(`${variable} must be set in CI`)
  console.log(
    `[@secrets/cli] PostgreSQL tests skipped: ${variable} is not set (scripts/services.sh up)`,
  )
  return true
}

/** The backends every suite runs against: SQLite always, PostgreSQL when its server is there. */
export const BACKENDS: ReadonlyArray<TestStore['backend']> = skipWithout(
  'SECRETS_TEST_POSTGRES_URL',
)
  ? ['sqlite']
  : ['sqlite', 'postgres']

/** A fresh store of a backend, with a new master key. */
export function testStore(backend: TestStore['backend'], dir: string): TestStore {
  const key = generateMasterKey()
  if (backend === 'sqlite') {
    const file = join(dir, `${crypto.randomUUID().slice(0, 8)}.db`)
    const env = { SECRETS_MASTER_KEY: key, SECRETS_DATABASE_URL: `file:${file}` }
    return { backend, env, drop: async () => {} }
  }
  const prefix = `cli_${crypto.randomUUID().slice(0, 8)}_`
  const url = process.env.SECRETS_TEST_POSTGRES_URL!
  const env = {
    SECRETS_MASTER_KEY: key,
    SECRETS_BACKEND: 'postgres',
    SECRETS_DATABASE_URL: url,
    SECRETS_TABLE_PREFIX: prefix,
  }
  return {
    backend,
    env,
    drop: async () => {
      const { default: pg } = await import('pg')
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      const tables = ['heads', 'versions', 'access_log', 'migrations', 'migrations_lock']
      await client.query(`drop table if exists ${tables.map((t) => prefix + t).join(', ')}`)
      await client.end()
    },
  }
}
