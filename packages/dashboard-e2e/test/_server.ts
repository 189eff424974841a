/**
 * A real `secrets serve --ui --allow-value-reads` over SQLite in a temporary
 * directory, started as a subprocess of the built CLI, with a read-write and
 * a read-only token, and everything it writes to stdout and stderr kept.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { generateMasterKey } from '@secrets/core'

/** The built binary of @secrets/cli (the root `pnpm test` builds first). */
const BIN = join(
  dirname(createRequire(import.meta.url).resolve('@secrets/cli/package.json')),
  'dist',
  'cli.js',
)

/** A running server. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** A read-write token for `tenant=acme`, accessor `user:ops`. */
  readonly token: string
  /** A read-only token for the same scope, accessor `user:auditor`. */
  readonly readOnlyToken: string
  /** Calls the API with the read-write token; returns status and parsed body. */
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown }>
  /** The latest (or a given) version and value of a secret, read through the API (audited). */
  value(name: string): Promise<{ version: number; value: string }>
  /**
   * Runs `secrets resolve` over `config` in scope `tenant=acme` (its output,
   * which holds values, is dropped): audited reads with used-at paths.
   */
  resolve(config: unknown, access: { accessor: string; reason: string }): Promise<number>
  /** Runs the CLI against the same store (stdout dropped); resolves with its exit code. */
  cli(args: readonly string[]): Promise<number>
  /** Everything the server printed so far. */
  logs(): string
  /** Stops it (SIGTERM) and deletes its data. */
  stop(): Promise<void>
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex')

/**
 * Starts a server; rejects if it prints no URL within 30 s.
 * @param serveEnv variables for the server only (not for `cli` and `resolve`)
 */
export async function startServer(serveEnv: Record<string, string> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-dashboard-'))
  const token = randomBytes(24).toString('base64url')
  const readOnlyToken = randomBytes(24).toString('base64url')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    SECRETS_DATABASE_URL: `file:${join(dir, 'secrets.db')}`,
    SECRETS_MASTER_KEY: generateMasterKey(),
  }
  for (const name of ['NODE_OPTIONS', 'SECRETS_NATIVE_ADDONS'])
    if (process.env[name]) env[name] = process.env[name]
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--ui', '--allow-value-reads', '--port', '0'],
    {
      env: {
        ...env,
        ...serveEnv,
        SECRETS_API_TOKENS: [
          `sha256:${hashOf(token)}:rw:tenant=acme:user:ops`,
          `sha256:${hashOf(readOnlyToken)}:ro:tenant=acme:user:auditor`,
        ].join(','),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`secrets serve printed no URL:\n${output}`)),
      30_000,
    )
    const look = () => {
      const found = /serving the API on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
      if (found) {
        clearTimeout(timer)
        resolve(found)
      }
    }
    child.stderr.on('data', look)
    child.once('exit', (code) => reject(new Error(`secrets serve exited (${code}):\n${output}`)))
  })
  const api: TestServer['api'] = async (method, path, body, headers = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null }
  }
  return {
    url,
    token,
    readOnlyToken,
    api,
    async value(name) {
      const path = `/secrets/${encodeURIComponent(name)}/value?reason=check`
      const { status, body } = await api('GET', path)
      if (status !== 200) throw new Error(`reading ${name}: ${status}`)
      return body as { version: number; value: string }
    },
    resolve: (config, { accessor, reason }) =>
      runCli(
        dir,
        env,
        [
          'resolve',
          'config.json',
          '--scope',
          'tenant=acme',
          '--accessor',
          accessor,
          '--reason',
          reason,
        ],
        { 'config.json': JSON.stringify(config) },
      ),
    cli: (args) => runCli(dir, env, args, {}, true),
    logs: () => output,
    async stop() {
      await stopChild(child)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

function runCli(
  dir: string,
  env: Record<string, string>,
  args: readonly string[],
  files: Record<string, string>,
  allowFailure = false,
): Promise<number> {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  // stdout is dropped unread: `resolve` prints values, which no test output may hold.
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: dir,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let errors = ''
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code !== 0 && !allowFailure)
        reject(new Error(`secrets ${args[0]} exited ${code}: ${errors}`))
      else resolve(code ?? -1)
    })
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}
