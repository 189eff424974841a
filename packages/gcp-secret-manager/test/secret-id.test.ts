import { compilePathNaming, DEFAULT_PATH_TEMPLATE, toScope } from '@secrets/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeSecretId, encodeSecretId } from '../src/index.js'

const ID = /^[A-Za-z0-9_-]+$/
/** The characters store paths are made of: names, `key=value` scope segments and `@XX` escapes. */
const pathChar = fc.constantFrom(...'AZaz09_.-/=@'.split(''), 'b', 'Q', '5', '_', '_')
const path = fc.string({ unit: pathChar, minLength: 1, maxLength: 40 })
const anything = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
const runs = { numRuns: 2000 }

describe('encodeSecretId / decodeSecretId', () => {
  it('decodes what it encodes, over the path alphabet and over any string', () => {
    fc.assert(
      fc.property(fc.oneof(path, anything), (s) => decodeSecretId(encodeSecretId(s)) === s),
      runs,
    )
  })

  it('is injective', () => {
    fc.assert(
      fc.property(fc.oneof(path, anything), fc.oneof(path, anything), (a, b) => {
        fc.pre(a !== b)
        return encodeSecretId(a) !== encodeSecretId(b)
      }),
      runs,
    )
  })

  it('gives ids of A-Z a-z 0-9 _ - only', () => {
    fc.assert(
      fc.property(fc.oneof(path, anything), (s) => ID.test(encodeSecretId(s))),
      runs,
    )
  })

  it('maps ids that teams already have (A-Z a-z 0-9 _ -, no __) to themselves', () => {
    const plain = fc
      .string({ unit: fc.constantFrom(...'Aaz09_-'.split('')), minLength: 1, maxLength: 40 })
      .filter((s) => !s.includes('__'))
    fc.assert(
      fc.property(plain, (s) => encodeSecretId(s) === s && decodeSecretId(s) === s),
      runs,
    )
  })

  it('keeps the encoded scope prefix a prefix of every id in the scope', () => {
    const naming = compilePathNaming('app', DEFAULT_PATH_TEMPLATE, {
      service: 'GCP',
      literalChars: 'A-Za-z0-9_-',
      maxLength: 1000,
    })
    const value = fc.oneof(
      fc.constantFrom('a', 'a_', '_', 'a/b', 'b=c', '@', 'zürich ☃', '..'),
      anything,
    )
    const scope = fc.dictionary(fc.constantFrom('tenant', 'user', 'zone'), value, { maxKeys: 3 })
    const name = fc.constantFrom('A', '_x', '__', 'a/b', 'x.y', 'db_password', '_a.b/c_')
    fc.assert(
      fc.property(scope, name, (segments, n) => {
        const s = toScope(segments)
        const prefix = naming.scopePrefix(s)
        expect(prefix.endsWith('/')).toBe(true)
        return encodeSecretId(naming.path(s, n)).startsWith(encodeSecretId(prefix))
      }),
      runs,
    )
  })

  it('escapes as documented', () => {
    expect(encodeSecretId('prod/db.url')).toBe('prod__2Fdb__2Eurl')
    expect(encodeSecretId('tenant=acme/A__B')).toBe('tenant__3Dacme__2FA__5F_B')
    expect(encodeSecretId('a_.b')).toBe('a___2Eb')
    expect(encodeSecretId('é')).toBe('__C3__A9')
    expect(decodeSecretId('a___2Eb')).toBe('a_.b')
    expect(decodeSecretId('A__ZZ')).toBe('A__ZZ') // not an escape: itself
    expect(decodeSecretId('__C3')).toBeNull() // an escape that is not UTF-8
  })
})
