/**
 * `.env` files and flat JSON maps, as the tools that write them write them:
 * a file in the shape `vercel env pull` and hand-kept `.env` files have,
 * files written by python-dotenv's `set_key` (with SECRETS_TEST_PYTHON, when
 * that Python has python-dotenv), and JSON from `JSON.stringify` and from
 * `python -m dotenv list --format json`.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InvalidArgumentError } from '@secrets/core'
import { afterAll, describe, expect, it } from 'vitest'
import { dotenvSource, importSecrets, jsonMapSource } from '../src/index.js'
import { skipWithout } from './_env.js'
import { pythonHas, runPython } from './_python.js'
import { testStore } from './_stores.js'

const dir = mkdtempSync(join(tmpdir(), 'secrets-migrate-env-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const scope = { app: 'api' }
const ctx = { accessor: 'test' }

const PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n'
const DOTENV = `# Created by Vercel CLI
DATABASE_URL="postgres://app:p%40ss@db.internal:5432/app?sslmode=require"
export STRIPE_SECRET_KEY=sk_live_51HxYz
PRIVATE_KEY="${PEM.replaceAll('\n', '\\n')}"
MULTILINE='first
second'
EMPTY=
HASHED="abc#def"
INLINE_COMMENT=plain # not part of it
SPACED =   padded
`

/** What the secrets read back as, by name. */
async function readAll(secrets: ReturnType<typeof testStore>['secrets'], names: string[]) {
  return secrets.scope(scope).getMany(names, ctx)
}

describe('dotenvSource', () => {
  it('imports a .env file as dotenv reads it, twice without change', async () => {
    const path = join(dir, '.env')
    writeFileSync(path, DOTENV)
    const { secrets } = testStore()
    const source = () => dotenvSource({ path, scope, description: 'imported from .env' })
    expect(await importSecrets(secrets, source())).toMatchObject({ created: 8, failed: [] })
    expect(
      await readAll(secrets, [
        'DATABASE_URL',
        'STRIPE_SECRET_KEY',
        'PRIVATE_KEY',
        'MULTILINE',
        'EMPTY',
        'HASHED',
        'INLINE_COMMENT',
        'SPACED',
      ]),
    ).toEqual({
      DATABASE_URL: 'postgres://app:p%40ss@db.internal:5432/app?sslmode=require',
      STRIPE_SECRET_KEY: 'sk_live_51HxYz',
      PRIVATE_KEY: PEM,
      MULTILINE: 'first\nsecond',
      EMPTY: '',
      HASHED: 'abc#def',
      INLINE_COMMENT: 'plain',
      SPACED: 'padded',
    })
    expect((await secrets.scope(scope).versions('DATABASE_URL', ctx))[0]?.description).toBe(
      'imported from .env',
    )
    expect(await importSecrets(secrets, source())).toMatchObject({ created: 0, unchanged: 8 })
  })

  it('needs exactly one of path and text', () => {
    expect(() => dotenvSource({ scope } as never)).toThrow(InvalidArgumentError)
    expect(() => dotenvSource({ scope, path: 'a', text: 'b' })).toThrow(InvalidArgumentError)
  })

  it.skipIf(skipWithout('SECRETS_TEST_PYTHON') || !hasPythonDotenv())(
    'imports what python-dotenv writes: plain values through the file, any value through its JSON export',
    async () => {
      const values = {
        API_TOKEN: 'tok_9f8e7d',
        WITH_SPACES: 'has space and # hash',
        MULTI: 'line one\nline two',
        QUOTE: "it's",
        BACKSLASH: 'C:\\path\\to',
        DOUBLE: 'say "hi"',
      }
      const path = join(dir, 'python.env')
      runPython(
        `import json, sys
from dotenv import set_key
for k, v in json.load(sys.stdin).items(): set_key(${JSON.stringify(path)}, k, v)
print("null")`,
        values,
      )
      const exported = JSON.parse(
        execFileSync(
          process.env.SECRETS_TEST_PYTHON!,
          ['-m', 'dotenv', '-f', path, 'list', '--format', 'json'],
          { encoding: 'utf8' },
        ),
      ) as Record<string, string>
      expect(exported).toEqual(values)
      const { secrets } = testStore()
      await importSecrets(secrets, jsonMapSource({ data: exported, scope }))
      expect(await readAll(secrets, Object.keys(values))).toEqual(values)
      // Node's dotenv keeps python-dotenv's \\' and \\\\ escapes literally: the
      // other values read the same through the file itself.
      const direct = dotenvSource({ path, scope })
      const plain = ['API_TOKEN', 'WITH_SPACES', 'MULTI', 'DOUBLE'] as const
      for (const name of plain) {
        expect(direct.find((e) => e.name === name)?.value).toBe(values[name])
      }
      expect(direct.find((e) => e.name === 'QUOTE')?.value).toBe("it\\'s")
    },
  )
})

describe('jsonMapSource', () => {
  it('imports a flat map from a file, reporting members that are not strings by type only', async () => {
    const path = join(dir, 'secrets.json')
    writeFileSync(
      path,
      JSON.stringify(
        { SENDGRID_KEY: 'SG.abc', PORT: 5432, NESTED: { a: 'secret-a' }, NIL: null },
        null,
        2,
      ),
    )
    const { secrets } = testStore()
    const report = await importSecrets(secrets, jsonMapSource({ path, scope }))
    expect(report.created).toBe(1)
    expect(report.failed.map((f) => [f.name, f.code])).toEqual([
      ['PORT', 'INVALID_VALUE'],
      ['NESTED', 'INVALID_VALUE'],
      ['NIL', 'INVALID_VALUE'],
    ])
    expect(JSON.stringify(report)).not.toContain('secret-a')
  })

  it('refuses what is not a JSON object, without quoting the file', () => {
    const path = join(dir, 'broken.json')
    writeFileSync(path, '{"KEY": "sk_live_unterminated')
    const error = (() => {
      try {
        jsonMapSource({ path, scope })
      } catch (e) {
        return e as Error
      }
    })()
    expect(error).toBeInstanceOf(InvalidArgumentError)
    expect(error?.message).not.toContain('sk_live')
    expect(() => jsonMapSource({ data: ['a'], scope })).toThrow(InvalidArgumentError)
  })
})

function hasPythonDotenv(): boolean {
  const has = pythonHas('dotenv')
  if (!has && process.env.CI) {
    // The moto virtualenv that services.sh makes has python-dotenv (a moto dependency).
    throw new Error('SECRETS_TEST_PYTHON must have the dotenv module in CI')
  }
  if (!has && process.env.SECRETS_TEST_PYTHON) {
    console.log(
      '[@secrets/migrate] python-dotenv test skipped: SECRETS_TEST_PYTHON has no dotenv module',
    )
  }
  return has
}
