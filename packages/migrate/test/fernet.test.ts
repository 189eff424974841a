/**
 * Fernet: the specification's acceptance vectors (vectors/fernet: generate,
 * verify, invalid), every byte of a valid token corrupted, and tokens made by
 * Python's `cryptography.fernet` (SECRETS_TEST_PYTHON: the moto virtualenv's
 * Python has it, as moto depends on it) decrypted and imported.
 */
import { randomBytes } from 'node:crypto'
import { DecryptionError, InvalidArgumentError } from '@secrets/core'
import { describe, expect, it } from 'vitest'
import { fernetDecrypt, fernetSource, importSecrets } from '../src/index.js'
import { skipWithout } from './_env.js'
import { fernetEncrypt } from './_fernet-encrypt.js'
import { runPython } from './_python.js'
import { testStore } from './_stores.js'
import { readVectors } from './_vectors.js'

interface Vector {
  token: string
  now: string
  secret: string
  src?: string
  iv?: number[]
  ttl_sec?: number
  desc?: string
}

const generate = readVectors<Vector[]>('fernet/generate.json')
const verify = readVectors<Vector[]>('fernet/verify.json')
const invalid = readVectors<Vector[]>('fernet/invalid.json')
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)
const newKey = () => `${randomBytes(32).toString('base64url')}=`

describe('fernet/spec acceptance vectors', () => {
  it.each(generate.map((v) => [v.src, v] as const))('generate: %s', (_, v) => {
    expect(fernetEncrypt(v.secret, v.src!, new Date(v.now), Uint8Array.from(v.iv!))).toBe(v.token)
    expect(text(fernetDecrypt(v.token, v.secret))).toBe(v.src)
  })

  it.each(verify.map((v) => [v.src, v] as const))('verify: %s', (_, v) => {
    const options = { ttlSeconds: v.ttl_sec!, now: new Date(v.now) }
    expect(text(fernetDecrypt(v.token, v.secret, options))).toBe(v.src)
  })

  it.each(invalid.map((v) => [v.desc, v] as const))('invalid: %s', (_, v) => {
    const options = { ttlSeconds: v.ttl_sec!, now: new Date(v.now) }
    expect(() => fernetDecrypt(v.token, v.secret, options)).toThrow(DecryptionError)
  })
})

describe('fernetDecrypt', () => {
  it('refuses a valid token with any byte changed, and under another key', () => {
    const key = newKey()
    const token = fernetEncrypt(key, 'smtp-password')
    const bytes = Buffer.from(token, 'base64url')
    for (let i = 0; i < bytes.length; i++) {
      const changed = Buffer.from(bytes)
      changed[i]! ^= 0x01
      const tampered = changed.toString('base64url')
      expect(() => fernetDecrypt(tampered, key), `byte ${i}`).toThrow(DecryptionError)
    }
    expect(() => fernetDecrypt(token, newKey())).toThrow(/HMAC does not match/)
  })

  it('takes MultiFernet keys, and says nothing of the token or key when it fails', () => {
    const [oldKey, newer] = [newKey(), newKey()]
    const token = fernetEncrypt(oldKey, 'rotated')
    expect(text(fernetDecrypt(token, [newer, oldKey]))).toBe('rotated')
    const error = (() => {
      try {
        fernetDecrypt(`${token.slice(0, -6)}AAAA==`, [newer, oldKey])
      } catch (e) {
        return e as Error
      }
    })()
    expect(error).toBeInstanceOf(DecryptionError)
    for (const leak of [token.slice(10, 40), oldKey.slice(0, 20), 'rotated']) {
      expect(`${error?.message}${JSON.stringify(error)}`).not.toContain(leak)
    }
  })

  it('refuses malformed keys', () => {
    for (const key of ['', 'short', randomBytes(31).toString('base64url'), [] as string[]]) {
      expect(() => fernetDecrypt('gAAAAA', key)).toThrow(InvalidArgumentError)
    }
  })
})

describe('fernetSource', () => {
  it('imports decrypted values, and reports the tokens that do not decrypt', async () => {
    const key = newKey()
    const records = [
      { scope: { tenant: 'acme' }, name: 'SMTP_PASSWORD', token: fernetEncrypt(key, 'hunter2') },
      { scope: { tenant: 'acme' }, name: 'FORGED', token: fernetEncrypt(newKey(), 'x') },
      {
        scope: { tenant: 'acme' },
        name: 'BINARY',
        token: fernetEncrypt(key, Buffer.from([0xff, 0xfe])),
      },
    ]
    const { secrets } = testStore()
    const report = await importSecrets(secrets, fernetSource({ key, records }))
    expect(report.created).toBe(1)
    expect(report.failed.map((f) => [f.name, f.code])).toEqual([
      ['FORGED', 'DECRYPTION_FAILED'],
      ['BINARY', 'INVALID_VALUE'],
    ])
    expect(await secrets.scope({ tenant: 'acme' }).get('SMTP_PASSWORD', { accessor: 't' })).toBe(
      'hunter2',
    )
    expect(() => fernetSource({ key: 'bad', records })).toThrow(InvalidArgumentError)
  })

  it.skipIf(skipWithout('SECRETS_TEST_PYTHON'))(
    'decrypts tokens made by Python’s cryptography.fernet, and refuses a bad HMAC',
    async () => {
      const values = ['hunter2', '', 'ünïcödé ✓ 🔑', 'x'.repeat(5000), 'line\nbreak']
      const made = runPython<{
        key: string
        old: string
        tokens: string[]
        rotated: string
        version: string
      }>(
        `import json, sys, time
import cryptography
from cryptography.fernet import Fernet, MultiFernet
values = json.load(sys.stdin)
key, old = Fernet.generate_key(), Fernet.generate_key()
f = Fernet(key)
tokens = [f.encrypt(v.encode()).decode() for v in values]
rotated = MultiFernet([Fernet(key), Fernet(old)]).rotate(Fernet(old).encrypt_at_time(b"old secret", int(time.time()) - 86400)).decode()
print(json.dumps({"key": key.decode(), "old": old.decode(), "tokens": tokens, "rotated": rotated, "version": cryptography.__version__}))`,
        values,
      )
      console.log(`[@secrets/migrate] tokens from cryptography ${made.version}`)
      expect(made.tokens.map((t) => text(fernetDecrypt(t, made.key)))).toEqual(values)
      expect(text(fernetDecrypt(made.tokens[0]!, made.key, { ttlSeconds: 60 }))).toBe('hunter2')
      expect(text(fernetDecrypt(made.rotated, [made.old, made.key]))).toBe('old secret')
      const bytes = Buffer.from(made.tokens[0]!, 'base64url')
      bytes[bytes.length - 1]! ^= 0x80
      expect(() => fernetDecrypt(bytes.toString('base64url'), made.key)).toThrow(/HMAC/)
      const records = made.tokens.map((token, i) => ({
        scope: { app: 'nexus' },
        name: `V_${i}`,
        token,
      }))
      const { secrets } = testStore()
      expect(await importSecrets(secrets, fernetSource({ key: made.key, records }))).toMatchObject({
        created: values.length,
        failed: [],
      })
      expect(await importSecrets(secrets, fernetSource({ key: made.key, records }))).toMatchObject({
        unchanged: values.length,
      })
    },
  )
})
