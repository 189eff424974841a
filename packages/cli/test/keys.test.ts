import { generateMasterKey } from '@secrets/core'
import { createSecretsFromEnv } from '@secrets/env'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BACKENDS,
  cli,
  type Env,
  expectFailure,
  expectSuccess,
  tempDir,
  testStore,
} from './_cli.js'

const { dir, remove } = tempDir('keys')
afterAll(remove)

const VALUES = ['value-one-81d2', 'value-two-5be0', 'value-three-c4a7']

/** The keyring with `old` and a `new` primary. */
function rotatedEnv(env: Env, oldKey: string, newKey: string): Env {
  return {
    ...env,
    SECRETS_MASTER_KEY: undefined,
    SECRETS_MASTER_KEYS: `old:${oldKey},new:${newKey}`,
    SECRETS_PRIMARY_KEY_ID: 'new',
  }
}

interface KeyEntry {
  label: string | null
  primary: boolean
  inKeyring: boolean
  records: number
}

describe.each(BACKENDS)('doctor and rekey on %s', (backend) => {
  const store = testStore(backend, dir)
  const oldKey = store.env.SECRETS_MASTER_KEY!
  const newKey = generateMasterKey()
  const rotated = rotatedEnv(store.env, oldKey, newKey)
  const secretsOf = [...VALUES, oldKey, newKey]
  const doctor = async (env: Env) => {
    const result = expectSuccess(await cli(['doctor', '--json'], { env }))
    for (const secret of secretsOf) expect(result.stdout).not.toContain(secret)
    return JSON.parse(result.stdout) as { ok: boolean; keyUsage: { keys: KeyEntry[] } }
  }
  const usage = async (env: Env) =>
    Object.fromEntries((await doctor(env)).keyUsage.keys.map((k) => [k.label, k]))

  beforeAll(async () => {
    for (const [i, value] of VALUES.entries()) {
      expectSuccess(
        await cli(['set', `S${i}`, '--scope', 'tenant=k'], { env: store.env, input: value }),
      )
    }
  })
  afterAll(() => store.drop())

  it('doctor checks everything and counts the records under each key, printing no value', async () => {
    const text = expectSuccess(await cli(['doctor'], { env: store.env }))
    for (const check of ['environment', 'keyring', 'connection', 'schema', 'store', 'audit']) {
      expect(text.stdout).toMatch(new RegExp(`^ok +${check} `, 'm'))
    }
    expect(text.stdout).toMatch(/schema +up to date \(secrets_\d{4}_/)
    expect(text.stdout).toMatch(/key usage +3 records scanned/)
    for (const secret of secretsOf) expect(text.stdout + text.stderr).not.toContain(secret)
    const report = await doctor(store.env)
    expect(report.ok).toBe(true)
    expect(report.keyUsage.keys).toEqual([expect.objectContaining({ primary: true, records: 3 })])
  })

  it('after a new primary: the old key is still used, rekey rewraps page by page, then it can go', async () => {
    expect(await usage(rotated)).toMatchObject({
      old: { primary: false, records: 3 },
      new: { primary: true, records: 0 },
    })
    const text = expectSuccess(await cli(['doctor'], { env: rotated }))
    expect(text.stdout).toMatch(/key old +3 records, still used: run secrets rekey/)
    const rekey = expectSuccess(await cli(['rekey', '--batch-size', '1'], { env: rotated }))
    expect(rekey.stderr.trim().split('\n')).toEqual([
      'rekey: 1/3 records, 1 rewrapped, 0 failed',
      'rekey: 2/3 records, 2 rewrapped, 0 failed',
      'rekey: 3/3 records, 3 rewrapped, 0 failed',
    ])
    expect(rekey.stdout).toMatch(/^rekey: 3 records, 3 rewrapped; every record is under key new /)
    expect(await usage(rotated)).toMatchObject({ old: { records: 0 }, new: { records: 3 } })
    const after = expectSuccess(await cli(['doctor'], { env: rotated }))
    expect(after.stdout).toMatch(/key old +0 records, not used: can be dropped/)
    const newOnly = { ...store.env, SECRETS_MASTER_KEY: newKey }
    const read = await cli(['get', 'S0', '--scope', 'tenant=k'], { env: newOnly })
    expect(expectSuccess(read).stdout).toBe(`${VALUES[0]}\n`)
    const again = expectSuccess(await cli(['rekey', '--json'], { env: rotated }))
    expect(JSON.parse(again.stdout)).toMatchObject({ scanned: 3, rewrapped: 0, failed: [] })
  })

  it('exits 4 when records are under a key the keyring lacks, and rekey exits 5', async () => {
    const stray = { ...store.env, SECRETS_MASTER_KEY: generateMasterKey() }
    expectSuccess(
      await cli(['set', 'STRAY', '--scope', 'tenant=k'], { env: stray, input: 'stray-v' }),
    )
    const env = { ...store.env, SECRETS_MASTER_KEY: newKey }
    const doctored = await cli(['doctor'], { env })
    expectFailure(doctored, 4, [...secretsOf, 'stray-v'])
    expect(doctored.stdout).toMatch(
      /^FAIL +key usage +1 records are wrapped under keys the keyring lacks/m,
    )
    expectFailure(await cli(['get', 'STRAY', '--scope', 'tenant=k'], { env }), 4)
    const rekey = await cli(['rekey'], { env })
    expectFailure(rekey, 5, ['stray-v'])
    expect(rekey.stderr).toContain('UNKNOWN_KEY_ID: STRAY version 1 in scope "tenant=k"')
    expectSuccess(await cli(['delete', 'STRAY', '--yes', '--scope', 'tenant=k'], { env }))
  })
})

describe('rekey interrupted with Ctrl-C (SIGINT), then run again', () => {
  const RECORDS = 1500
  const store = testStore('sqlite', dir)
  const newKey = generateMasterKey()
  const rotated = rotatedEnv(store.env, store.env.SECRETS_MASTER_KEY!, newKey)

  beforeAll(async () => {
    const { secrets, close } = await createSecretsFromEnv({ ...store.env, SECRETS_AUDIT: 'off' })
    const scope = secrets.scope({ tenant: 'bulk' })
    for (let i = 0; i < RECORDS; i++) await scope.set(`K${i}`, `v${i}`, { accessor: 'seed' })
    await close()
  })

  it('stops between pages, says how far it got, and the next run finishes', async () => {
    let interrupted = false
    const first = await cli(['rekey', '--batch-size', '1'], {
      env: rotated,
      onStderr: (text, child) => {
        if (!interrupted && text.includes('rekey: ')) {
          interrupted = true
          child.kill('SIGINT')
        }
      },
    })
    expectFailure(first, 130)
    const match =
      /interrupted after (\d+) records \((\d+) rewrapped\).*run secrets rekey again to finish/.exec(
        first.stderr,
      )
    expect(match, first.stderr).not.toBeNull()
    const done = Number(match![2])
    expect(done).toBeGreaterThan(0)
    expect(done).toBeLessThan(RECORDS)
    const second = expectSuccess(await cli(['rekey', '--json'], { env: rotated }))
    expect(JSON.parse(second.stdout)).toMatchObject({ scanned: RECORDS, rewrapped: RECORDS - done })
    const report = JSON.parse(
      expectSuccess(await cli(['doctor', '--json'], { env: rotated })).stdout,
    )
    const byLabel = Object.fromEntries(
      report.keyUsage.keys.map((k: KeyEntry) => [k.label, k.records]),
    )
    expect(byLabel).toEqual({ old: 0, new: RECORDS })
  })
})
