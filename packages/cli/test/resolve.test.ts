import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { BACKENDS, cli, expectFailure, expectSuccess, tempDir, testStore } from './_cli.js'

const { dir, remove } = tempDir('resolve')
afterAll(remove)

const TOKEN = 'xoxb-resolve-9d3f'
const DB = '{"user":"app","password":"pw-resolve-61ac"}'
const values = [TOKEN, 'pw-resolve-61ac']

function file(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

describe.each(BACKENDS)('secrets resolve on %s', (backend) => {
  const store = testStore(backend, dir)
  const env = { ...store.env, SECRETS_SCOPE: 'tenant=acme,user=alice' }
  const run = (args: string[]) => cli(['resolve', ...args], { env })
  const yaml = file(
    `${backend}.yaml`,
    [
      'plugins:',
      '  - name: slack',
      '    env:',
      '      SLACK_TOKEN: ${SECRET:SLACK_TOKEN}',
      '      DB_USER: secret:DB#user',
      '      DB_URL: postgres://${SECRET:DB#user}:${SECRET:DB#password}@db/app',
      '      REGION: ${SECRET:REGION:-eu-west-1}',
    ].join('\n'),
  )
  const json = file(
    `${backend}.json`,
    JSON.stringify({ token: 'secret:SLACK_TOKEN', pinned: '${SECRET:SLACK_TOKEN@1}' }),
  )

  beforeAll(async () => {
    expectSuccess(await cli(['set', 'SLACK_TOKEN'], { env, input: TOKEN }))
    expectSuccess(await cli(['set', 'DB'], { env, input: DB }))
  })
  afterAll(() => store.drop())

  it('prints a YAML config resolved, as YAML (or JSON with --json)', async () => {
    const out = expectSuccess(await run([yaml])).stdout
    const expected = {
      plugins: [
        {
          name: 'slack',
          env: {
            SLACK_TOKEN: TOKEN,
            DB_USER: 'app',
            DB_URL: 'postgres://app:pw-resolve-61ac@db/app',
            REGION: 'eu-west-1',
          },
        },
      ],
    }
    expect(parse(out)).toEqual(expected)
    expect(JSON.parse(expectSuccess(await run([yaml, '--json'])).stdout)).toEqual(expected)
  })

  it('prints a JSON config resolved, as JSON', async () => {
    const out = expectSuccess(await run([json])).stdout
    expect(JSON.parse(out)).toEqual({ token: TOKEN, pinned: TOKEN })
  })

  it('--check lists every reference and whether it exists, printing no value', async () => {
    const ok = expectSuccess(await run(['--check', yaml]))
    const lines = ok.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^STATUS +SECRET +AT$/)
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^ok +SLACK_TOKEN +plugins\[0\]\.env\.SLACK_TOKEN$/),
      expect.stringMatching(/^ok +DB#user +plugins\[0\]\.env\.DB_USER$/),
      expect.stringMatching(/^ok +DB#user +plugins\[0\]\.env\.DB_URL$/),
      expect.stringMatching(/^ok +DB#password +plugins\[0\]\.env\.DB_URL$/),
      expect.stringMatching(/^missing \(optional\) +REGION +plugins\[0\]\.env\.REGION$/),
    ])
    for (const value of values) expect(ok.stdout + ok.stderr).not.toContain(value)
    const rows = JSON.parse(expectSuccess(await run(['--check', '--json', json])).stdout)
    expect(rows).toEqual([
      { name: 'SLACK_TOKEN', path: 'token', required: true, found: true },
      { name: 'SLACK_TOKEN', version: 1, path: 'pinned', required: true, found: true },
    ])
  })

  it('--check exits 2 naming what is missing; resolving it exits 2 too, printing nothing', async () => {
    const config = file(
      `${backend}-missing.json`,
      JSON.stringify({
        a: '${SECRET:SLACK_TOKEN}',
        b: 'secret:NOPE',
        c: '${SECRET:SLACK_TOKEN@7}',
      }),
    )
    const checked = await run(['--check', config])
    expectFailure(checked, 2, values)
    expect(checked.stderr).toContain(
      '2 referenced secrets are missing: NOPE (at b); SLACK_TOKEN@7 (at c)',
    )
    expect(checked.stdout).toMatch(/^missing +NOPE +b$/m)
    const resolved = await run([config])
    expectFailure(resolved, 2, values)
    expect(resolved.stdout).toBe('')
  })

  it('exits 4 for a file that does not parse or a field the secret lacks, 1 for no file', async () => {
    const badJson = file(`${backend}-bad.json`, '{"password": "literal-pw-0e1b",')
    const result = await run([badJson])
    expectFailure(result, 4, ['literal-pw-0e1b'])
    const badYaml = file(`${backend}-bad.yaml`, 'a: [literal-pw-0e1b\nb: {')
    const yamlResult = await run([badYaml])
    expectFailure(yamlResult, 4, ['literal-pw-0e1b'])
    expect(yamlResult.stderr).toMatch(/is not valid YAML \(line \d+, column \d+\)/)
    const field = file(`${backend}-field.json`, JSON.stringify({ x: 'secret:DB#nothing' }))
    expectFailure(await run([field]), 4, values)
    expectFailure(await run([join(dir, 'absent.yaml')]), 1)
  })
})
