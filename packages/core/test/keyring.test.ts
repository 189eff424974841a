import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import {
  deriveKeyId,
  generateMasterKey,
  InvalidMasterKeyError,
  Keyring,
  type SecretsError,
} from '../src/index.js'
import { expectNoLeak } from './_leaks.js'

const key = generateMasterKey()
const b64 = (n: number) => Buffer.alloc(n, 0xab).toString('base64')

function fromEnvError(env: Record<string, string>): InvalidMasterKeyError {
  try {
    Keyring.fromEnv(env)
  } catch (err) {
    expect(InvalidMasterKeyError.isInstance(err)).toBe(true)
    expect((err as SecretsError).code).toBe('INVALID_MASTER_KEY')
    return err as InvalidMasterKeyError
  }
  throw new Error('expected Keyring.fromEnv to throw')
}

describe('generateMasterKey', () => {
  it('returns base64 of 32 fresh random bytes', () => {
    const a = generateMasterKey()
    expect(Buffer.from(a, 'base64')).toHaveLength(32)
    expect(a).toHaveLength(44)
    expect(a).not.toBe(generateMasterKey())
  })
})

describe('Keyring.fromEnv', () => {
  it('reads SECRETS_MASTER_KEY with a stable id derived from the key', () => {
    const ring = Keyring.fromEnv({ SECRETS_MASTER_KEY: key })
    expect(ring.primaryId).toMatch(/^[0-9a-f]{16}$/)
    expect(Keyring.fromEnv({ SECRETS_MASTER_KEY: key }).primaryId).toBe(ring.primaryId)
    expect(ring.primaryId).toBe(deriveKeyId(Buffer.from(key, 'base64')))
    expect(Keyring.fromEnv({ SECRETS_MASTER_KEY: generateMasterKey() }).primaryId).not.toBe(
      ring.primaryId,
    )
  })

  it('reads SECRETS_MASTER_KEYS with SECRETS_PRIMARY_KEY_ID', () => {
    const ring = Keyring.fromEnv({
      SECRETS_MASTER_KEYS: `old:${generateMasterKey()},new:${key}`,
      SECRETS_PRIMARY_KEY_ID: 'new',
    })
    expect(ring.primaryId).toBe('new')
    expect(ring.ids).toEqual(['old', 'new'])
    expect(ring.has('old')).toBe(true)
  })

  it('takes the only key of SECRETS_MASTER_KEYS as primary', () => {
    expect(Keyring.fromEnv({ SECRETS_MASTER_KEYS: `k1:${key}` }).primaryId).toBe('k1')
  })

  const bad: Array<[string, Record<string, string>, string, RegExp]> = [
    ['missing', {}, '', /SECRETS_MASTER_KEY is not set/],
    ['empty', { SECRETS_MASTER_KEY: '' }, '', /SECRETS_MASTER_KEY is empty/],
    [
      'not base64',
      { SECRETS_MASTER_KEY: 'not*base64!!not*base64!!not*base64!!abcdefgh' },
      'not*base64!!',
      /not canonical base64/,
    ],
    ['31 bytes', { SECRETS_MASTER_KEY: b64(31) }, b64(31), /exactly 32 bytes.*31 bytes/],
    ['33 bytes', { SECRETS_MASTER_KEY: b64(33) }, b64(33), /exactly 32 bytes.*33 bytes/],
    ['leading whitespace', { SECRETS_MASTER_KEY: ` ${key}` }, key, /whitespace/],
    ['trailing newline', { SECRETS_MASTER_KEY: `${key}\n` }, key, /whitespace/],
    [
      'base64url',
      { SECRETS_MASTER_KEY: key.replace(/\+/g, '-').replace(/\//g, '_').replace('=', '') },
      key.slice(0, 20),
      /base64/,
    ],
    [
      'both variables',
      { SECRETS_MASTER_KEY: key, SECRETS_MASTER_KEYS: `a:${key}` },
      key,
      /only one/,
    ],
    [
      'entry without id',
      { SECRETS_MASTER_KEYS: key },
      key,
      /entry 1 of SECRETS_MASTER_KEYS.*id:base64/,
    ],
    [
      'bad key in list',
      { SECRETS_MASTER_KEYS: `a:${key},b:${b64(31)}`, SECRETS_PRIMARY_KEY_ID: 'a' },
      b64(31),
      /entry 2 of SECRETS_MASTER_KEYS.*31 bytes/,
    ],
    [
      'duplicate ids',
      { SECRETS_MASTER_KEYS: `a:${key},a:${generateMasterKey()}`, SECRETS_PRIMARY_KEY_ID: 'a' },
      key,
      /repeats a key id/,
    ],
    [
      'primary not in set',
      { SECRETS_MASTER_KEYS: `a:${key},b:${generateMasterKey()}`, SECRETS_PRIMARY_KEY_ID: 'c' },
      key,
      /does not hold/,
    ],
    [
      'several keys, no primary',
      { SECRETS_MASTER_KEYS: `a:${key},b:${generateMasterKey()}` },
      key,
      /SECRETS_PRIMARY_KEY_ID is not set/,
    ],
    ['empty list', { SECRETS_MASTER_KEYS: '' }, '', /entry 1 of SECRETS_MASTER_KEYS/],
  ]

  it.each(bad)(
    'rejects %s, naming the variable and never echoing the value',
    (_case, env, secret, message) => {
      const err = fromEnvError(env)
      expect(err.message).toMatch(message)
      expect(err.message).toMatch(/SECRETS_/)
      if (!/only one|does not hold|repeats|PRIMARY_KEY_ID is not set/.test(err.message)) {
        expect(err.message).toMatch(/generateMasterKey|openssl rand -base64 32/)
      }
      expectNoLeak(err, secret, ...Object.values(env))
      expect(err.cause).toBeUndefined()
    },
  )
})

describe('Keyring.fromKeys', () => {
  it('accepts base64 strings and raw bytes', () => {
    const ring = Keyring.fromKeys({ primary: 'b', keys: { a: key, b: new Uint8Array(32).fill(7) } })
    expect(ring.ids).toEqual(['a', 'b'])
  })

  it.each([
    ['no keys', { keys: {} }],
    ['bad id', { keys: { 'bad id': key } }],
    ['short raw key', { keys: { a: new Uint8Array(16) } }],
    ['primary missing', { primary: 'z', keys: { a: key } }],
    ['several without primary', { keys: { a: key, b: generateMasterKey() } }],
    ['non-string key', { keys: { a: 42 as unknown as string } }],
  ])('rejects %s with InvalidMasterKeyError', (_case, options) => {
    expect(() => Keyring.fromKeys(options)).toThrow(InvalidMasterKeyError)
  })
})

describe('keyring rendering', () => {
  it('shows ids only through inspect, JSON and properties', () => {
    const raw = Buffer.from(key, 'base64')
    const ring = Keyring.fromKeys({ keys: { main: key } })
    const renderings = [
      inspect(ring, { showHidden: true, depth: 10 }),
      JSON.stringify(ring),
      JSON.stringify(Object.entries(ring)),
    ]
    for (const text of renderings) {
      expect(text).not.toContain(key)
      expect(text).not.toContain(raw.toString('hex'))
      expect(text).toContain('main')
    }
    expect(Object.isFrozen(ring)).toBe(true)
  })
})
