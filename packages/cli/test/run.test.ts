import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BACKENDS,
  cli,
  expectFailure,
  expectSuccess,
  type RunOptions,
  tempDir,
  testStore,
} from './_cli.js'

const { dir, remove } = tempDir('run')
afterAll(remove)

const PASSWORD = 'pg-pass-7f3a91'
const TOKEN = 'xoxb-token-42c8e0'

/** A child program, as `node -e` source. */
const node = (source: string) => [process.execPath, '-e', source]

describe.each(BACKENDS)('secrets run on %s', (backend) => {
  const store = testStore(backend, dir)
  const env = { ...store.env, SECRETS_SCOPE: 'tenant=acme' }
  const envFile = join(dir, `${backend}.env`)
  const run = (args: string[], options: RunOptions = {}) =>
    cli(['run', ...args], { ...options, env: { ...env, ...options.env } })

  beforeAll(async () => {
    expectSuccess(await cli(['set', 'DB_PASSWORD'], { env, input: PASSWORD }))
    expectSuccess(await cli(['set', 'SLACK_TOKEN'], { env, input: TOKEN }))
    expectSuccess(await cli(['set', 'PIN'], { env, input: '123' }))
    writeFileSync(
      envFile,
      [
        '# a dotenv file',
        'DATABASE_URL="postgres://app:${SECRET:DB_PASSWORD}@db:5432/app"',
        'SLACK_TOKEN=secret:SLACK_TOKEN',
        'PIN=secret:PIN',
        'PLAIN=hello world',
        "export ESCAPED='$${SECRET:LITERAL}'",
      ].join('\n'),
    )
  })
  afterAll(() => store.drop())

  it('gives the child the resolved variables and masks every value in its output', async () => {
    const result = await run([
      '--env-file',
      envFile,
      '--',
      ...node(`
        const e = process.env
        console.log('url=' + e.DATABASE_URL)
        console.log('token=' + e.SLACK_TOKEN + ' plain=' + e.PLAIN + ' pin=' + e.PIN)
        console.error('stderr ' + e.SLACK_TOKEN)
        require('node:fs').writeFileSync(${JSON.stringify(join(dir, `${backend}-seen.json`))}, JSON.stringify(e))
      `),
    ])
    expectSuccess(result)
    expect(result.stdout).toBe('url=••••\ntoken=•••• plain=hello world pin=123\n')
    expect(result.stderr).toBe('stderr ••••\n')
    const seen = JSON.parse(
      (await import('node:fs')).readFileSync(join(dir, `${backend}-seen.json`), 'utf8'),
    )
    expect(seen).toMatchObject({
      DATABASE_URL: `postgres://app:${PASSWORD}@db:5432/app`,
      SLACK_TOKEN: TOKEN,
      PIN: '123',
      PLAIN: 'hello world',
    })
    expect(seen.ESCAPED).toBe('${SECRET:LITERAL}')
  })

  it('masks a value split across writes, and passes the exit code through (7)', async () => {
    const result = await run([
      '--env-file',
      envFile,
      '--',
      ...node(`
        const t = process.env.SLACK_TOKEN
        process.stdout.write('before ' + t.slice(0, 5))
        setTimeout(() => {
          process.stdout.write(t.slice(5, 9))
          setTimeout(() => { process.stdout.write(t.slice(9) + ' after\\n'); process.exit(7) }, 50)
        }, 50)
      `),
    ])
    expect(result.code).toBe(7)
    expect(result.stdout).toBe('before •••• after\n')
  })

  it('resolves references in the current environment too', async () => {
    const result = await run(['--', ...node('console.log(process.env.FROM_ENV.length)')], {
      env: { FROM_ENV: 'token ${SECRET:SLACK_TOKEN}' },
    })
    expect(expectSuccess(result).stdout).toBe(`${`token ${TOKEN}`.length}\n`)
  })

  it('--no-mask hands the child the terminal as is', async () => {
    const result = await run([
      '--no-mask',
      '--env-file',
      envFile,
      '--',
      ...node('console.log(process.env.SLACK_TOKEN)'),
    ])
    expect(expectSuccess(result).stdout).toBe(`${TOKEN}\n`)
  })

  it('exits 128+15 when the child dies of SIGTERM, its own or forwarded', async () => {
    const own = await run(['--', ...node("process.kill(process.pid, 'SIGTERM')")])
    expect(own.code).toBe(143)
    const forwarded = await run(
      ['--env-file', envFile, '--', ...node("console.error('ready'); setInterval(() => {}, 1000)")],
      {
        onStderr: (text, child) => {
          if (text.includes('ready')) child.kill('SIGTERM')
        },
      },
    )
    expect(forwarded.code).toBe(143)
  })

  it('exits 2 for a missing reference without starting the child', async () => {
    const marker = join(dir, `${backend}-started`)
    const result = await run(
      ['--', ...node(`require('node:fs').writeFileSync(${JSON.stringify(marker)}, '')`)],
      { env: { NEEDED: '${SECRET:NOT_THERE}', OTHER: 'secret:SLACK_TOKEN' } },
    )
    expectFailure(result, 2, [TOKEN])
    expect(result.stderr).toContain('NOT_THERE (at NEEDED)')
    expect(existsSync(marker)).toBe(false)
  })

  it('exits 127 for a command that does not exist', async () => {
    expectFailure(await run(['--', 'no-such-command-anywhere']), 127)
  })

  it('fails before running anything when an --env-file is missing', async () => {
    const absent = join(dir, 'absent.env')
    const result = await run(['--env-file', absent, '--', ...node("console.log('ran')")])
    expect(result.stdout).toBe('')
    expect(result.stderr).not.toMatch(/\n\s+at /)
    if (result.code === 9) {
      // Node itself looks for every --env-file on its command line, the script's
      // arguments included, and stops with exit 9 when one is missing.
      expect(result.stderr).toContain(`${absent}: not found`)
    } else {
      expectFailure(result, 1)
      expect(result.stderr).toContain(`cannot read ${absent} (ENOENT)`)
    }
  })

  it('opens no store when nothing is referenced', async () => {
    const result = await run(['--', ...node("console.log('ran')")], {
      env: { SECRETS_BACKEND: 'no-such-backend' },
    })
    expect(expectSuccess(result).stdout).toBe('ran\n')
  })

  it('records the reads with the reason in the audit log', async () => {
    expectSuccess(await run(['--reason', 'deploy 9', '--env-file', envFile, '--', ...node('')]))
    const log = JSON.parse(
      expectSuccess(await cli(['log', 'DB_PASSWORD', '--json', '--limit', '1'], { env })).stdout,
    )
    expect(log[0]).toMatchObject({ action: 'read', reason: 'deploy 9', usedAt: ['DATABASE_URL'] })
  })
})
