import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  compilePathNaming,
  DEFAULT_PATH_TEMPLATE as DEFAULT_NAME_TEMPLATE,
  encodePathSegment,
  InvalidArgumentError,
  InvalidNameError,
  InvalidScopeError,
  isSecretName,
  type ScopeInput,
  toScope,
} from '../src/index.js'

/** AWS's rules, the strictest of the path services. */
const compileNameMapper = (prefix: string, template: string) =>
  compilePathNaming(prefix, template, {
    service: 'AWS',
    literalChars: 'A-Za-z0-9_+.@-',
    maxLength: 512,
  })

const map = (prefix: string, template: string, scope: ScopeInput, name: string) =>
  compileNameMapper(prefix, template).path(toScope(scope), name)

describe('path naming', () => {
  it('puts every scope segment as key=value, in key order, then the name', () => {
    expect(map('', DEFAULT_NAME_TEMPLATE, { user: 'alice', tenant: 'acme' }, 'db/password')).toBe(
      'tenant=acme/user=alice/db/password',
    )
    expect(map('myapp/prod', DEFAULT_NAME_TEMPLATE, { tenant: 'acme' }, 'API_KEY')).toBe(
      'myapp/prod/tenant=acme/API_KEY',
    )
  })

  it('reads existing secrets by their own names with no prefix and the scope {}', () => {
    expect(map('', DEFAULT_NAME_TEMPLATE, {}, 'prod/db/password')).toBe('prod/db/password')
  })

  it('puts scope values alone where a template names the keys', () => {
    expect(map('apps', '{tenant}/secrets/{zone}/{name}', { zone: 'eu', tenant: 'acme' }, 'K')).toBe(
      'apps/acme/secrets/eu/K',
    )
  })

  it('escapes scope values into one path segment of AWS name characters', () => {
    expect(encodePathSegment('zürich ☃')).toBe('z@C3@BCrich@20@E2@98@83')
    expect(encodePathSegment('a/b=c@d')).toBe('a@2Fb@3Dc@40d')
    expect(encodePathSegment('ok_.-9')).toBe('ok_.-9')
    // `.` and `..` would be path steps to a service that normalises paths
    expect(encodePathSegment('.')).toBe('@2E')
    expect(encodePathSegment('..')).toBe('@2E@2E')
    expect(encodePathSegment('...')).toBe('...')
    expect(map('', DEFAULT_NAME_TEMPLATE, { tenant: 'iso/user' }, 'S')).toBe('tenant=iso@2Fuser/S')
  })

  it('never maps two different (scope, name) pairs to one AWS name', () => {
    const value = fc.oneof(
      fc.constantFrom('a', 'b', 'a/b', 'b=c', '@', '@40', 'user=x', '.', 'a b'),
      fc.string({ minLength: 1, maxLength: 6, unit: 'grapheme' }),
    )
    const scope = fc.dictionary(fc.constantFrom('tenant', 'user', 'zone', 'test'), value, {
      maxKeys: 3,
    })
    const name = fc.constantFrom('A', 'a/b', 'b', 'user/x', 'x.y', 'db/password', 'tenant/a')
    for (const [prefix, template] of [
      ['', DEFAULT_NAME_TEMPLATE],
      ['app', 'secrets/{scope}/{name}'],
    ] as const) {
      const mapper = compileNameMapper(prefix, template)
      fc.assert(
        fc.property(scope, name, scope, name, (s1, n1, s2, n2) => {
          const a = toScope(s1)
          const b = toScope(s2)
          if (a.key === b.key && n1 === n2) return
          expect(mapper.path(a, n1)).not.toBe(mapper.path(b, n2))
        }),
        { numRuns: 3000 },
      )
    }
    const fixed = compileNameMapper('', '{tenant}/{user}/{name}')
    const fixedScope = fc.record({ tenant: value, user: value })
    fc.assert(
      fc.property(fixedScope, name, fixedScope, name, (s1, n1, s2, n2) => {
        const a = toScope(s1)
        const b = toScope(s2)
        if (a.key === b.key && n1 === n2) return
        expect(fixed.path(a, n1)).not.toBe(fixed.path(b, n2))
      }),
      { numRuns: 3000 },
    )
  })

  it('gives each scope a prefix that no other scope can match with a valid name', () => {
    const mapper = compileNameMapper('p', DEFAULT_NAME_TEMPLATE)
    const value = fc.constantFrom('a', 'a-b', 'a/b', 'ab', 'a=b')
    const scope = fc.dictionary(fc.constantFrom('tenant', 'user'), value, { maxKeys: 2 })
    const name = fc.constantFrom('K', 'user=a/K', 'x/K')
    fc.assert(
      fc.property(scope, scope, name, (s1, s2, n) => {
        const a = toScope(s1)
        const b = toScope(s2)
        if (a.key === b.key || !isSecretName(n)) return
        const awsName = mapper.path(a, n)
        const prefix = mapper.scopePrefix(b)
        if (awsName.startsWith(prefix))
          expect(isSecretName(awsName.slice(prefix.length))).toBe(false)
      }),
      { numRuns: 2000 },
    )
  })

  it('rejects an AWS name over 512 characters, naming the limit', () => {
    const mapper = compileNameMapper('x'.repeat(200), DEFAULT_NAME_TEMPLATE)
    // 200 + '/' + 'tenant=' + 270 (30 snowmen escaped) + '/' = 479 before the name
    const scope = toScope({ tenant: '☃'.repeat(30) })
    expect(mapper.path(scope, 'n'.repeat(33))).toHaveLength(512)
    expect(() => mapper.path(scope, 'n'.repeat(34))).toThrow(InvalidNameError)
    expect(() => mapper.path(scope, 'n'.repeat(34))).toThrow(/513 characters.*512/)
  })

  it('rejects a scope whose keys differ from the template', () => {
    const mapper = compileNameMapper('', '{tenant}/{name}')
    expect(() => mapper.path(toScope({ user: 'a' }), 'K')).toThrow(InvalidScopeError)
    expect(() => mapper.path(toScope({ tenant: 'a', user: 'b' }), 'K')).toThrow(InvalidScopeError)
    expect(() => mapper.path(toScope({}), 'K')).toThrow(/\[tenant\]/)
  })

  it('rejects invalid names before mapping', () => {
    const mapper = compileNameMapper('', DEFAULT_NAME_TEMPLATE)
    for (const bad of ['', 'a=b', '../x', 'x/', '/x', 'a//b', 'é']) {
      expect(() => mapper.path(toScope({}), bad)).toThrow(InvalidNameError)
    }
  })

  it.each([
    ['{scope}', 'must end with {name}'],
    ['{name}/x', 'must end with {name}'],
    ['{name}/{name}', 'must end with {name}'],
    ['{scope}/{tenant}/{name}', 'not both'],
    ['{scope}/{scope}/{name}', 'not both'],
    ['{tenant}/{tenant}/{name}', 'repeats'],
    ['a=b/{name}', 'no "="'],
    ['{Tenant}/{name}', 'segment'],
    ['x y/{name}', 'segment'],
    ['//{name}', 'segment'],
    ['', 'non-empty'],
    ['../{name}', 'segment'],
  ])('rejects the template %j', (template, message) => {
    expect(() => compileNameMapper('', template)).toThrow(InvalidArgumentError)
    expect(() => compileNameMapper('', template)).toThrow(message)
  })

  it.each(['/a', 'a/', 'a//b', 'a b', 'a{b}', 'é', 'a/../b', '.'])(
    'rejects the prefix %j',
    (prefix) => {
      expect(() => compileNameMapper(prefix, DEFAULT_NAME_TEMPLATE)).toThrow(InvalidArgumentError)
    },
  )
})
