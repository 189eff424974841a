import { userInfo } from 'node:os'
import { afterAll, describe, expect, it } from 'vitest'
import {
  BACKENDS,
  cli,
  type Env,
  expectFailure,
  expectSuccess,
  type RunOptions,
  tempDir,
  testStore,
} from './_cli.js'

const { dir, remove } = tempDir('commands')
afterAll(remove)

const COMMANDS = [
  'set',
  'get',
  'rotate',
  'list',
  'versions',
  'delete',
  'log',
  'rekey',
  'resolve',
  'run',
  'doctor',
  'keygen',
  'init',
]

describe('secrets (no store)', () => {
  it('prints help with the exit codes, and examples under every command', async () => {
    const help = expectSuccess(await cli(['--help']))
    expect(help.stdout).toContain('Exit codes:')
    for (const line of [
      '1    usage',
      '2    not found',
      '3    conflict',
      '4    config',
      '5    audit',
    ]) {
      expect(help.stdout).toContain(line)
    }
    for (const command of COMMANDS) {
      expect(help.stdout).toContain(`  ${command} `)
      const own = expectSuccess(await cli([command, '--help']))
      expect(own.stdout, command).toContain(`Usage: secrets ${command}`)
      expect(own.stdout, command).toContain('Examples:')
    }
  })

  it('prints its version', async () => {
    expect(expectSuccess(await cli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('exits 1 on usage errors, with one line and no stack trace', async () => {
    for (const args of [
      ['frobnicate'],
      ['get'],
      ['get', 'A', '--bogus'],
      ['get', 'A', '--version', 'two'],
      ['rotate', 'A', '--overlap', 'soon'],
      ['list', '--limit', '0'],
      ['log', '--since', 'yesterday'],
    ]) {
      const result = await cli(args)
      expectFailure(result, 1)
      expect(result.stdout, args.join(' ')).toBe('')
    }
  })

  it('keygen prints a new 32-byte key on stdout and the hint on stderr', async () => {
    const [a, b] = [await cli(['keygen']), await cli(['keygen'])]
    expectSuccess(a)
    expect(a.stdout).toMatch(/^[A-Za-z0-9+/]{43}=\n$/)
    expect(Buffer.from(a.stdout.trim(), 'base64')).toHaveLength(32)
    expect(a.stdout).not.toBe(b.stdout)
    expect(a.stderr).toMatch(/fingerprint [0-9a-f]{16}/)
    expect(a.stderr).not.toContain(a.stdout.trim())
  })
})

describe.each(BACKENDS)('secrets on %s', (backend) => {
  const store = testStore(backend, dir)
  afterAll(() => store.drop())
  const acme = { ...store.env, SECRETS_SCOPE: 'tenant=acme' }
  const run = (args: string[], options: RunOptions = {}, env: Env = acme) =>
    cli(args, { ...options, env: { ...env, ...options.env } })
  const events = async (args: string[] = []) =>
    JSON.parse(expectSuccess(await run(['log', '--json', '--limit', '1000', ...args])).stdout)

  it('init migrates the schema and says so', async () => {
    const text = expectSuccess(await run(['init']))
    expect(text.stdout).toMatch(/^(sqlite|postgres): schema up to date \(secrets_\d{4}_\w+\)\n$/)
    const json = JSON.parse(expectSuccess(await run(['init', '--json'])).stdout)
    expect(json).toMatchObject({ backend, migrated: true })
  })

  it('set reads the value piped on stdin (one trailing newline dropped), get prints it', async () => {
    const set = expectSuccess(
      await run(['set', 'API_KEY', '--description', 'billing key'], { input: 'sk-live-1\n' }),
    )
    expect(set.stdout).toBe('API_KEY: version 1 written\n')
    expect(expectSuccess(await run(['get', 'API_KEY'])).stdout).toBe('sk-live-1\n')
    const multiline = 'line one\nline two\n\n'
    expectSuccess(await run(['set', 'PEM', '--json'], { input: `${multiline}\n` }))
    expect(expectSuccess(await run(['get', 'PEM'])).stdout).toBe(`${multiline}\n`)
  })

  it('refuses a value on the command line, and an empty one', async () => {
    const argv = await run(['set', 'ARGV_KEY', 'hunter2-in-argv'], { input: 'x' })
    expectFailure(argv, 1, ['hunter2-in-argv'])
    expect(argv.stderr).toContain('shell history')
    expectFailure(await run(['set', 'EMPTY'], { input: '' }), 1)
    expectFailure(await run(['get', 'ARGV_KEY']), 2)
    expectFailure(await run(['set', 'bad name!'], { input: 'v' }), 1)
  })

  it('get: a version, JSON, and exit 2 for what does not exist', async () => {
    expectSuccess(await run(['set', 'TOKEN'], { input: 'token-v1' }))
    expectSuccess(await run(['set', 'TOKEN'], { input: 'token-v2' }))
    expect(expectSuccess(await run(['get', 'TOKEN', '--version', '1'])).stdout).toBe('token-v1\n')
    expect(JSON.parse(expectSuccess(await run(['get', 'TOKEN', '--json'])).stdout)).toEqual({
      name: 'TOKEN',
      version: 2,
      value: 'token-v2',
    })
    expectFailure(await run(['get', 'NO_SUCH']), 2, ['token-v'])
    expectFailure(await run(['get', 'TOKEN', '--version', '9']), 2, ['token-v'])
  })

  it('--if-version: 0 creates only, n writes only over version n (exit 3 otherwise)', async () => {
    expectSuccess(await run(['set', 'CAS', '--if-version', '0'], { input: 'first' }))
    expectFailure(await run(['set', 'CAS', '--if-version', '0'], { input: 'again' }), 3)
    expectFailure(await run(['set', 'CAS', '--if-version', '5'], { input: 'stale' }), 3)
    const ok = await run(['rotate', 'CAS', '--if-version', '1', '--json'], { input: 'second' })
    expect(JSON.parse(expectSuccess(ok).stdout)).toEqual({ name: 'CAS', version: 2 })
  })

  it('rotate keeps the previous version valid for --overlap; versions lists both', async () => {
    expectSuccess(await run(['set', 'WEBHOOK'], { input: 'whsec-old' }))
    const rotated = expectSuccess(
      await run(['rotate', 'WEBHOOK', '--overlap', '24h'], { input: 'whsec-new' }),
    )
    expect(rotated.stdout).toBe('WEBHOOK: version 2 written\n')
    const versions = JSON.parse(expectSuccess(await run(['versions', 'WEBHOOK', '--json'])).stdout)
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1])
    const until = Date.parse(versions[0].previousExpiresAt) - Date.parse(versions[0].createdAt)
    // The window starts when the write does, a few milliseconds before the version's time.
    expect(Math.abs(until - 24 * 3_600_000)).toBeLessThan(60_000)
    const table = expectSuccess(await run(['versions', 'WEBHOOK']))
    expect(table.stdout).toMatch(/^VERSION\s+CREATED\s+BY/)
    expect(table.stdout).not.toContain('whsec')
    expectFailure(await run(['rotate', 'NEVER_SET'], { input: 'v' }), 2)
    expectFailure(await run(['versions', 'NEVER_SET']), 2)
  })

  it('list shows names and metadata, never values, with --prefix, --limit and --json', async () => {
    for (const name of ['svc/a', 'svc/b', 'svc/c']) {
      expectSuccess(
        await run(['set', name, '--description', `the ${name}`], { input: `v-${name}` }),
      )
    }
    const table = expectSuccess(await run(['list', '--prefix', 'svc/']))
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+VERSION\s+UPDATED\s+BY\s+DESCRIPTION$/)
    expect(table.stdout).toContain('the svc/b')
    expect(table.stdout).not.toContain('v-svc')
    const json = JSON.parse(expectSuccess(await run(['list', '--prefix', 'svc/', '--json'])).stdout)
    expect(json.map((s: { name: string }) => s.name)).toEqual(['svc/a', 'svc/b', 'svc/c'])
    const limited = JSON.parse(expectSuccess(await run(['list', '--limit', '2', '--json'])).stdout)
    expect(limited).toHaveLength(2)
    const empty = expectSuccess(await run(['list', '--scope', 'tenant=nobody']))
    expect(empty.stdout).toBe('')
    expect(empty.stderr).toContain('no secrets in scope {"tenant":"nobody"}')
  })

  it('scopes from --scope or SECRETS_SCOPE keep secrets apart; a bad scope exits 1', async () => {
    expectSuccess(await run(['set', 'SHARED', '--scope', 'tenant=globex,user=bob'], { input: 'g' }))
    expectFailure(await run(['get', 'SHARED']), 2)
    const env = { ...store.env, SECRETS_SCOPE: 'user=bob,tenant=globex' }
    expect(expectSuccess(await run(['get', 'SHARED'], {}, env)).stdout).toBe('g\n')
    for (const scope of ['tenant', 'Tenant=x', 'tenant=a,tenant=b', 'tenant=']) {
      expectFailure(await run(['get', 'SHARED', '--scope', scope]), 1)
    }
    expectFailure(await run(['get', 'SHARED'], {}, { ...store.env, SECRETS_SCOPE: 'x' }), 1)
  })

  it('delete needs --yes without a terminal, then exits 2 once gone', async () => {
    expectSuccess(await run(['set', 'DOOMED'], { input: 'bye' }))
    const refused = await run(['delete', 'DOOMED'])
    expectFailure(refused, 1)
    expect(refused.stderr).toContain('--yes')
    expectSuccess(await run(['get', 'DOOMED']))
    expect(expectSuccess(await run(['delete', 'DOOMED', '--yes'])).stdout).toBe('DOOMED: deleted\n')
    expectFailure(await run(['delete', 'DOOMED', '--yes']), 2)
  })

  it('log reads the audit table: accessor cli:<user> unless --accessor, --reason on reads', async () => {
    expectSuccess(await run(['set', 'AUDITED'], { input: 'audited-value' }))
    expectSuccess(
      await run(['get', 'AUDITED', '--accessor', 'ops:alice', '--reason', 'incident 42']),
    )
    const [read, write] = await events(['AUDITED'])
    expect(read).toMatchObject({ action: 'read', accessor: 'ops:alice', reason: 'incident 42' })
    expect(write).toMatchObject({ action: 'write', accessor: `cli:${userInfo().username}` })
    const table = expectSuccess(await run(['log', 'AUDITED']))
    expect(table.stdout).toMatch(/^TIME\s+ACTION\s+OUTCOME\s+NAME\s+VERSION\s+ACCESSOR\s+REASON\n/)
    expect(table.stdout).toContain('incident 42')
    expect(table.stdout).not.toContain('audited-value')
  })

  it('log pages with --limit and filters with --since', async () => {
    const all = await events()
    expect(all.length).toBeGreaterThan(10)
    expect(await events(['--limit', '3'])).toEqual(all.slice(0, 3))
    expect(await events(['--since', '1h'])).toEqual(all)
    expect(await events(['--since', '2999-01-01'])).toEqual([])
    const missed = all.filter(
      (e: { action: string; outcome: string }) => e.action === 'read' && e.outcome === 'not_found',
    )
    expect(missed.map((e: { name: string }) => e.name)).toContain('NO_SUCH')
    for (const e of missed) expect(e.errorCode).toBe('SECRET_NOT_FOUND')
  })

  it('log exits 4 when the backend has no audit table', async () => {
    const memory = { SECRETS_BACKEND: 'memory', SECRETS_MASTER_KEY: store.env.SECRETS_MASTER_KEY }
    const result = await run(['log'], {}, memory)
    expectFailure(result, 4)
    expect(result.stderr).toContain('no audit table')
  })
})
