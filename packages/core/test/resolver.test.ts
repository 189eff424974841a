// biome-ignore-all lint/suspicious/noTemplateCurlyInString: placeholders are what these tests are about
import { beforeEach, describe, expect, it } from 'vitest'
import {
  collectRefs,
  createSecrets,
  DEFAULT_CONFIG_LIMITS,
  formatConfigPath,
  generateMasterKey,
  InvalidArgumentError,
  InvalidConfigError,
  Keyring,
  type MemoryAuditSink,
  MissingSecretError,
  maskConfig,
  memoryAuditSink,
  memoryBackend,
  type ResolveConfigOptions,
  resolveConfig,
  type ScopedSecrets,
  type SecretBackend,
} from '../src/index.js'
import { expectNoLeak } from './_leaks.js'

const keyring = Keyring.fromKeys({ keys: { k1: generateMasterKey() } })

interface Fixture {
  s: ScopedSecrets
  audit: MemoryAuditSink
  /** Number of keys in each backend `getMany` call. */
  getManyCalls: number[]
  resolve<T>(config: T, options?: Partial<ResolveConfigOptions>): Promise<T>
}

/** A real store on the memory backend, with a backend wrapper that counts `getMany` calls. */
async function fixture(values: Record<string, string | string[]> = {}): Promise<Fixture> {
  const inner = memoryBackend()
  const getManyCalls: number[] = []
  const backend: SecretBackend = {
    ...inner,
    getMany(scope, keys) {
      getManyCalls.push(keys.length)
      return inner.getMany(scope, keys)
    },
  }
  const audit = memoryAuditSink()
  const s = createSecrets({ backend, keyring, audit }).scope({ tenant: 'acme', user: 'alice' })
  for (const [name, value] of Object.entries(values)) {
    for (const version of Array.isArray(value) ? value : [value]) await s.set(name, version)
  }
  audit.clear()
  getManyCalls.length = 0
  return {
    s,
    audit,
    getManyCalls,
    resolve: (config, options) =>
      resolveConfig(config, { secrets: s, accessor: 'plugin:test', reason: 'test', ...options }),
  }
}

/** Runs `fn` and returns the InvalidConfigError it throws. */
async function configError(fn: () => unknown): Promise<InvalidConfigError> {
  try {
    await fn()
  } catch (error) {
    expect(InvalidConfigError.isInstance(error)).toBe(true)
    return error as InvalidConfigError
  }
  throw new Error('expected an InvalidConfigError')
}

/** Runs `fn` and returns the MissingSecretError it throws. */
async function missingError(fn: () => unknown): Promise<MissingSecretError> {
  try {
    await fn()
  } catch (error) {
    expect(MissingSecretError.isInstance(error)).toBe(true)
    return error as MissingSecretError
  }
  throw new Error('expected a MissingSecretError')
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const key of Reflect.ownKeys(value))
      deepFreeze((value as Record<PropertyKey, unknown>)[key])
    Object.freeze(value)
  }
  return value
}

const DB_CREDS = JSON.stringify({
  user: 'app',
  password: 'pw-7f3a9c',
  port: 5432,
  tls: true,
  replica: null,
  nested: { deep: { key: 'deep-value' } },
  hosts: ['db-a', 'db-b'],
  options: { ssl: { mode: 'verify-full' } },
})

describe('resolveConfig: placeholders inside strings', () => {
  let f: Fixture
  beforeEach(async () => {
    f = await fixture({
      API_KEY: 'key-123',
      SLACK_TOKEN: 'xoxb-42',
      'db/prod.password': 'pw-db',
      DB_CREDS,
      DOLLARS: '$& $1 $$ ${SECRET:API_KEY}',
    })
  })

  it('replaces one, several and adjacent placeholders', async () => {
    expect(await f.resolve({ a: '${SECRET:API_KEY}' })).toEqual({ a: 'key-123' })
    expect(await f.resolve({ a: 'Bearer ${SECRET:API_KEY} and ${SECRET:SLACK_TOKEN}!' })).toEqual({
      a: 'Bearer key-123 and xoxb-42!',
    })
    expect(await f.resolve(['${SECRET:API_KEY}${SECRET:SLACK_TOKEN}'])).toEqual(['key-123xoxb-42'])
  })

  it('accepts names with dots, dashes and slashes', async () => {
    expect(await f.resolve({ p: 'postgres://app:${SECRET:db/prod.password}@db' })).toEqual({
      p: 'postgres://app:pw-db@db',
    })
  })

  it('inserts values verbatim: never re-scanned, no replacement patterns', async () => {
    expect(await f.resolve({ a: 'x${SECRET:DOLLARS}y' })).toEqual({
      a: 'x$& $1 $$ ${SECRET:API_KEY}y',
    })
    expect(await f.resolve({ a: 'secret:DOLLARS' })).toEqual({ a: '$& $1 $$ ${SECRET:API_KEY}' })
  })

  it('leaves other dollar and brace text alone', async () => {
    const config = {
      a: 'pa$$word',
      b: '${HOME} $${HOME} ${secret:API_KEY} ${SECRET API_KEY} {SECRET:API_KEY}',
      c: '$',
      d: '',
      e: '${SECRET',
    }
    expect(await f.resolve(config)).toEqual(config)
    expect(f.getManyCalls).toEqual([])
    expect(f.audit.batches).toBe(0)
  })

  it('escapes: $$ before {SECRET: is one literal dollar', async () => {
    expect(await f.resolve({ a: '$${SECRET:X}' })).toEqual({ a: '${SECRET:X}' })
    expect(await f.resolve({ a: 'cost: $$${SECRET:API_KEY}' })).toEqual({ a: 'cost: $key-123' })
    expect(await f.resolve({ a: '$$$${SECRET:X}' })).toEqual({ a: '$${SECRET:X}' })
    expect(await f.resolve({ a: '$${SECRET:}' })).toEqual({ a: '${SECRET:}' })
    expect(await f.resolve({ a: '$${SECRET:X} ${SECRET:API_KEY}' })).toEqual({
      a: '${SECRET:X} key-123',
    })
  })

  it('pins versions with @', async () => {
    await f.s.rotate('API_KEY', 'key-456')
    expect(
      await f.resolve({
        old: '${SECRET:API_KEY@1}',
        now: '${SECRET:API_KEY}',
        w: 'secret:API_KEY@2',
      }),
    ).toEqual({ old: 'key-123', now: 'key-456', w: 'key-456' })
  })

  it('extracts JSON fields as text inside longer strings', async () => {
    expect(
      await f.resolve({
        url: 'postgres://${SECRET:DB_CREDS#user}:${SECRET:DB_CREDS#password}@h:${SECRET:DB_CREDS#port}',
        tls: 'tls=${SECRET:DB_CREDS#tls}',
        replica: '${SECRET:DB_CREDS#replica}',
        deep: '${SECRET:DB_CREDS#nested.deep.key}',
        host: '${SECRET:DB_CREDS#hosts.1}',
        ssl: 'ssl=${SECRET:DB_CREDS#options.ssl}',
      }),
    ).toEqual({
      url: 'postgres://app:pw-7f3a9c@h:5432',
      tls: 'tls=true',
      replica: 'null',
      deep: 'deep-value',
      host: 'db-b',
      ssl: 'ssl={"mode":"verify-full"}',
    })
  })
})

describe('resolveConfig: whole-string references', () => {
  let f: Fixture
  beforeEach(async () => {
    f = await fixture({ API_KEY: 'key-123', DB_CREDS })
  })

  it('replaces a string that is a reference', async () => {
    expect(await f.resolve({ token: 'secret:API_KEY' })).toEqual({ token: 'key-123' })
    expect(await f.resolve('secret:API_KEY')).toBe('key-123')
  })

  it('keeps the JSON type of an extracted field', async () => {
    const out = await f.resolve({
      port: 'secret:DB_CREDS#port',
      tls: 'secret:DB_CREDS#tls',
      replica: 'secret:DB_CREDS#replica',
      hosts: 'secret:DB_CREDS#hosts',
      ssl: 'secret:DB_CREDS#options.ssl',
      ssl2: 'secret:DB_CREDS#options.ssl',
    })
    expect(out).toEqual({
      port: 5432,
      tls: true,
      replica: null,
      hosts: ['db-a', 'db-b'],
      ssl: { mode: 'verify-full' },
      ssl2: { mode: 'verify-full' },
    })
    expect(out.ssl).not.toBe(out.ssl2)
  })

  it('takes a configurable prefix', async () => {
    const config = { a: 'nexus-secret:API_KEY', b: 'secret:API_KEY' }
    expect(await f.resolve(config, { prefix: 'nexus-secret:' })).toEqual({
      a: 'key-123',
      b: 'secret:API_KEY',
    })
  })

  it('can be turned off', async () => {
    expect(
      await f.resolve({ a: 'secret:API_KEY', b: '${SECRET:API_KEY}' }, { prefix: false }),
    ).toEqual({ a: 'secret:API_KEY', b: 'key-123' })
  })

  it('only counts at the start of the string', async () => {
    const config = { a: ' secret:API_KEY', b: 'my secret:API_KEY', c: 'SECRET:API_KEY' }
    expect(await f.resolve(config)).toEqual(config)
  })

  it('escapes with a leading backslash', async () => {
    expect(
      await f.resolve({
        a: '\\secret:API_KEY',
        b: '\\\\secret:API_KEY',
        c: '\\n',
        d: '\\secret:${SECRET:API_KEY}',
      }),
    ).toEqual({ a: 'secret:API_KEY', b: '\\secret:API_KEY', c: '\\n', d: 'secret:key-123' })
  })
})

describe('resolveConfig: absent secrets', () => {
  let f: Fixture
  beforeEach(async () => {
    f = await fixture({ PRESENT: 'here', DB_CREDS })
  })

  it('is an error listing every missing name with every path, all at once', async () => {
    const config = {
      plugins: [
        { id: 'a', env: {} },
        { id: 'b', env: { KEY: 'x' } },
        { id: 'c', env: { SLACK_TOKEN: '${SECRET:SLACK_TOKEN}', OK: '${SECRET:PRESENT}' } },
      ],
      'odd key': { 'a b': 'secret:SLACK_TOKEN', '0': '${SECRET:OTHER} ${SECRET:OTHER}' },
      list: ['${SECRET:OTHER}'],
    }
    const error = await missingError(() => f.resolve(config))
    expect(error.code).toBe('MISSING_SECRETS')
    expect(error.missing).toEqual([
      { name: 'SLACK_TOKEN', paths: ['plugins[2].env.SLACK_TOKEN', '["odd key"]["a b"]'] },
      { name: 'OTHER', paths: ['["odd key"]["0"]', 'list[0]'] },
    ])
    expect(error.message).toContain(
      'SLACK_TOKEN (at plugins[2].env.SLACK_TOKEN, ["odd key"]["a b"])',
    )
    expectNoLeak(error, 'here')
  })

  it('names a missing pinned version', async () => {
    const error = await missingError(() => f.resolve({ a: '${SECRET:PRESENT@7}' }))
    expect(error.missing).toEqual([{ name: 'PRESENT', version: 7, paths: ['a'] }])
  })

  it('gives an explicit default or, with ?, an empty string', async () => {
    expect(
      await f.resolve({
        a: '${SECRET:NOPE:-fallback}',
        b: 'x${SECRET:NOPE?}y',
        c: '${SECRET:NOPE:-}',
        d: '${SECRET:PRESENT:-unused}',
        e: 'secret:NOPE:-a:b}c ${x}',
        f: 'secret:NOPE?',
        g: '${SECRET:NOPE@3:-v3 missing}',
      }),
    ).toEqual({
      a: 'fallback',
      b: 'xy',
      c: '',
      d: 'here',
      e: 'a:b}c ${x}',
      f: '',
      g: 'v3 missing',
    })
  })

  it('audits absent reads even when a default covers them', async () => {
    await f.resolve({ a: '${SECRET:NOPE:-x}' })
    expect(f.audit.events).toMatchObject([{ name: 'NOPE', outcome: 'not_found', usedAt: ['a'] }])
  })

  it('applies defaults to absent JSON fields, typed in whole-string references', async () => {
    expect(
      await f.resolve({
        port: 'secret:DB_CREDS#missing:-6543',
        flag: 'secret:DB_CREDS#missing:-false',
        text: 'secret:DB_CREDS#missing:-007',
        quoted: 'secret:DB_CREDS#missing:-"6543"',
        inline: 'p=${SECRET:DB_CREDS#missing:-6543}',
        absent: 'secret:NOPE#port:-6543',
        optional: 'secret:DB_CREDS#missing?',
        plain: 'secret:NOPE:-6543',
      }),
    ).toEqual({
      port: 6543,
      flag: false,
      text: '007',
      quoted: '6543',
      inline: 'p=6543',
      absent: 6543,
      optional: '',
      plain: '6543',
    })
  })
})

describe('resolveConfig: JSON field errors', () => {
  it('says the value is not JSON without quoting it', async () => {
    const f = await fixture({ PLAIN: 'hunter2-not-json' })
    const error = await configError(() => f.resolve({ a: { b: '${SECRET:PLAIN#password}' } }))
    expect(error.problem).toBe('field')
    expect(error.path).toBe('a.b')
    expect(error.message).toBe(
      'Secret "PLAIN" used at a.b is not valid JSON, so its field "password" cannot be read',
    )
    expect(error.cause).toBeUndefined()
    expectNoLeak(error, 'hunter2-not-json', 'hunter2')
  })

  it('says which field is missing', async () => {
    const f = await fixture({ DB_CREDS })
    for (const field of [
      'pass',
      'nested.deep.nope',
      'hosts.2',
      'hosts.01',
      'hosts.length',
      'port.x',
    ]) {
      const error = await configError(() => f.resolve({ x: `secret:DB_CREDS#${field}` }))
      expect(error.problem).toBe('field')
      expect(error.message).toContain(`has no field "${field}"`)
      expectNoLeak(error, 'pw-7f3a9c')
    }
  })

  it('reads own JSON properties only, never the prototype', async () => {
    const f = await fixture({ J: '{"__proto__":{"admin":true},"a":{}}' })
    for (const field of ['constructor', 'a.toString', 'a.__proto__', 'hasOwnProperty']) {
      const error = await configError(() => f.resolve({ x: `secret:J#${field}` }))
      expect(error.message).toContain(`has no field "${field}"`)
    }
    const out = await f.resolve({ x: 'secret:J#__proto__', y: '${SECRET:J#__proto__.admin}' })
    expect(out).toEqual({ x: { admin: true }, y: 'true' })
    expect(Object.getPrototypeOf(out.x)).toBe(Object.prototype)
  })
})

describe('resolveConfig: malformed references', () => {
  const cases: Array<[string, string]> = [
    ['${SECRET:}', 'expected a secret name at offset 9, found "}"'],
    ['x ${SECRET:', 'expected a secret name at offset 11, found the end of the string'],
    ['${SECRET:bad name}', 'unexpected U+0020 at offset 12 in the reference to "bad"'],
    ['${SECRET:API_KEY', 'the placeholder for "API_KEY" is not closed with "}"'],
    ['${SECRET:../etc}', 'Secret name "../etc" is invalid'],
    ['${SECRET:a//b}', 'no empty path segment'],
    ['${SECRET:a/}', 'no empty path segment'],
    [`\${SECRET:${'A'.repeat(256)}}`, 'is invalid: use 1 to 255'],
    ['${SECRET:A@}', '"@" after "A" must be followed by a version number'],
    ['${SECRET:A@0}', '"@" after "A" must be followed by a version number'],
    ['${SECRET:A@01}', 'without leading zeros'],
    ['${SECRET:A@1234567890123456}', 'must be followed by a version number'],
    ['${SECRET:A#}', 'expected a field name'],
    ['${SECRET:A#a..b}', 'expected a field name'],
    ['${SECRET:A#a b}', 'unexpected U+0020'],
    ['${SECRET:A:x}', 'unexpected ":" at offset 10 in the reference to "A"; expected'],
    ['${SECRET:A?x}', 'unexpected "x" at offset 11 in the reference to "A"'],
    ['${SECRET:A:-${SECRET:B}}', 'the default of "A" cannot contain "{" or "}"'],
    ['${SECRET:A:-abc', 'not closed'],
    ['${SECRET:A😀}', 'unexpected U+1F600'],
    ['secret:', 'expected a secret name at offset 7, found the end of the string'],
    ['secret:A B', 'unexpected U+0020 at offset 8 in the reference to "A"'],
    ['secret:A}', 'unexpected "}" at offset 8'],
    ['secret:A?x', 'unexpected "x" at offset 9'],
    ['secret:${SECRET:A}', 'expected a secret name at offset 7, found "$"'],
  ]

  it.each(cases)('%s', async (text, detail) => {
    const f = await fixture()
    const error = await configError(() => f.resolve({ plugins: [{ env: { 'MY KEY': text } }] }))
    expect(error.code).toBe('INVALID_CONFIG')
    expect(error.problem).toBe('syntax')
    expect(error.path).toBe('plugins[0].env["MY KEY"]')
    expect(error.message).toMatch(/^Invalid secret reference at plugins\[0\]\.env\["MY KEY"\]: /)
    expect(error.message).toContain(detail)
    expect(f.getManyCalls).toEqual([])
    expect(f.audit.batches).toBe(0)
  })
})

describe('resolveConfig: one batched read and one audit batch', () => {
  it('reads 1000 references to 300 names with one backend call and one audit batch', async () => {
    const names = Array.from({ length: 300 }, (_, i) => `NAME_${i}`)
    const f = await fixture(Object.fromEntries(names.map((n, i) => [n, `value-${i}`])))
    const config = {
      services: Array.from({ length: 500 }, (_, i) => ({
        token: `\${SECRET:${names[i % 300]}}`,
        url: `https://\${SECRET:${names[(i * 7) % 300]}}@host/${i}`,
      })),
    }
    const out = await f.resolve(config)

    expect(f.getManyCalls).toEqual([300])
    expect(f.audit.batches).toBe(1)
    expect(f.audit.events).toHaveLength(300)
    expect(out.services[499]).toEqual({
      token: `value-${499 % 300}`,
      url: `https://value-${(499 * 7) % 300}@host/499`,
    })
    const event = f.audit.events.find((e) => e.name === 'NAME_0')
    expect(event).toMatchObject({
      action: 'read',
      outcome: 'success',
      accessor: 'plugin:test',
      reason: 'test',
      scope: { tenant: 'acme', user: 'alice' },
    })
    const usedAt = new Set(event?.usedAt)
    for (let i = 0; i < 500; i++) {
      if (i % 300 === 0) expect(usedAt).toContain(`services[${i}].token`)
      if ((i * 7) % 300 === 0) expect(usedAt).toContain(`services[${i}].url`)
    }
    const uses = f.audit.events.reduce((n, e) => n + (e.usedAt?.length ?? 0), 0)
    expect(uses).toBe(1000)
  })

  it('reads each (name, version) pair once, in one call', async () => {
    const f = await fixture({ A: ['a1', 'a2'], B: 'b' })
    const out = await f.resolve({
      x: '${SECRET:A}${SECRET:A}',
      y: ['${SECRET:A@1}', 'secret:A@1', 'secret:B', '${SECRET:A:-d}'],
    })
    expect(out).toEqual({ x: 'a2a2', y: ['a1', 'a1', 'b', 'a2'] })
    expect(f.getManyCalls).toEqual([3])
    expect(f.audit.events.map((e) => [e.name, e.version, e.usedAt])).toEqual([
      ['A', 2, ['x', 'y[3]']],
      ['A', 1, ['y[0]', 'y[1]']],
      ['B', 1, ['y[2]']],
    ])
  })

  it('reads nothing when there is no reference', async () => {
    const f = await fixture({ A: 'a' })
    expect(await f.resolve({ a: 1, b: ['x'] })).toEqual({ a: 1, b: ['x'] })
    expect(f.getManyCalls).toEqual([])
    expect(f.audit.batches).toBe(0)
  })

  it('lets readMany failures through and returns nothing', async () => {
    const secrets = {
      readMany: () => Promise.reject(new InvalidArgumentError('boom')),
    }
    await expect(
      resolveConfig({ a: '${SECRET:A}' }, { secrets, accessor: 'plugin:x' }),
    ).rejects.toThrow('boom')
  })

  it('rejects a readMany that answers the wrong number of values', async () => {
    const secrets = { readMany: async () => [] }
    await expect(
      resolveConfig({ a: '${SECRET:A}' }, { secrets, accessor: 'plugin:x' }),
    ).rejects.toThrow(InvalidArgumentError)
  })
})

describe('resolveConfig: copies, never mutates', () => {
  class Custom {
    value = '${SECRET:A}'
  }

  it('returns a new object and keeps non-plain values by reference', async () => {
    const f = await fixture({ A: 'a' })
    const date = new Date(0)
    const map = new Map([['k', '${SECRET:A}']])
    const buffer = Buffer.from('${SECRET:A}')
    const custom = new Custom()
    const fn = () => '${SECRET:A}'
    const config = {
      n: 1,
      b: false,
      z: null,
      u: undefined,
      big: 10n,
      date,
      map,
      buffer,
      custom,
      fn,
      list: [1, '${SECRET:A}', [null]],
      s: '${SECRET:A}',
    }
    const snapshot = () => JSON.stringify(config, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))
    const before = snapshot()
    const out = await f.resolve(config)
    expect(out).not.toBe(config)
    expect(out.list).not.toBe(config.list)
    expect(out).toEqual({ ...config, list: [1, 'a', [null]], s: 'a' })
    expect(out.date).toBe(date)
    expect(out.map).toBe(map)
    expect(out.buffer).toBe(buffer)
    expect(out.custom).toBe(custom)
    expect(out.fn).toBe(fn)
    expect(Object.hasOwn(out, 'u')).toBe(true)
    expect(snapshot()).toBe(before)
    expect(map.get('k')).toBe('${SECRET:A}')
    expect(custom.value).toBe('${SECRET:A}')
  })

  it('works on a deep-frozen input', async () => {
    const f = await fixture({ A: 'a' })
    const config = deepFreeze({ x: { y: ['${SECRET:A}', { z: 'secret:A' }] } })
    const out = await f.resolve(config)
    expect(out).toEqual({ x: { y: ['a', { z: 'a' }] } })
    expect(Object.isFrozen(out)).toBe(false)
    expect(config.x.y[0]).toBe('${SECRET:A}')
  })

  it('keeps null-prototype objects null-prototype, and sparse arrays their length', async () => {
    const f = await fixture({ A: 'a' })
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { k: '${SECRET:A}' })
    const sparse: unknown[] = []
    sparse[1] = '${SECRET:A}'
    const out = await f.resolve({ bare, sparse })
    expect(Object.getPrototypeOf(out.bare)).toBe(null)
    expect(out.bare.k).toBe('a')
    expect(out.sparse).toHaveLength(2)
    expect(out.sparse[1]).toBe('a')
  })

  it('resolves a shared (acyclic) subtree at every place it appears', async () => {
    const f = await fixture({ A: 'a' })
    const shared = { t: '${SECRET:A}' }
    const out = await f.resolve({ one: shared, two: shared })
    expect(out).toEqual({ one: { t: 'a' }, two: { t: 'a' } })
    expect(f.audit.events[0]?.usedAt).toEqual(['one.t', 'two.t'])
  })
})

describe('resolveConfig: prototype pollution', () => {
  it('keeps __proto__, constructor and prototype as own data keys and never touches Object.prototype', async () => {
    const f = await fixture({ A: 'a' })
    const config = JSON.parse(
      '{"__proto__":{"polluted":"${SECRET:A}","isAdmin":true},"constructor":{"prototype":{"polluted":"secret:A"}},"nested":[{"__proto__":"secret:A"}]}',
    )
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort()
    const out = await f.resolve(config)

    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(Object.keys(out)).toEqual(['__proto__', 'constructor', 'nested'])
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({
      polluted: 'a',
      isAdmin: true,
    })
    expect(out.constructor).toEqual({ prototype: { polluted: 'a' } })
    expect(Object.getOwnPropertyDescriptor(out.nested[0], '__proto__')?.value).toBe('a')
    expect(Object.getPrototypeOf(out.nested[0])).toBe(Object.prototype)
    expect(JSON.stringify(out)).toBe(
      '{"__proto__":{"polluted":"a","isAdmin":true},"constructor":{"prototype":{"polluted":"a"}},"nested":[{"__proto__":"a"}]}',
    )
  })

  it('renders such keys in paths', async () => {
    const f = await fixture()
    const error = await missingError(() =>
      f.resolve(JSON.parse('{"__proto__":{"x":"${SECRET:NOPE}"}}')),
    )
    expect(error.missing[0]?.paths).toEqual(['__proto__.x'])
  })
})

describe('resolveConfig: limits', () => {
  it('reports a cycle with both paths', async () => {
    const f = await fixture()
    const config: Record<string, unknown> = { a: { b: [] as unknown[] } }
    ;((config.a as Record<string, unknown>).b as unknown[]).push({ back: config.a })
    const error = await configError(() => f.resolve(config))
    expect(error.problem).toBe('cycle')
    expect(error.path).toBe('a.b[0].back')
    expect(error.message).toBe('The config contains a cycle: a.b[0].back refers back to a')
  })

  it('limits depth (default 64)', async () => {
    const f = await fixture({ A: 'a' })
    const nest = (levels: number): unknown => {
      let value: unknown = '${SECRET:A}'
      for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { k: value }
      return value
    }
    expect(DEFAULT_CONFIG_LIMITS.maxDepth).toBe(64)
    await expect(f.resolve(nest(64))).resolves.toBeDefined()
    const error = await configError(() => f.resolve(nest(65)))
    expect(error.problem).toBe('depth')
    expect(error.message).toContain('deeper than maxDepth (64)')
    expect((await configError(() => f.resolve(nest(3), { maxDepth: 2 }))).problem).toBe('depth')
  })

  it('limits the number of references (default 10,000)', async () => {
    const f = await fixture({ A: 'a' })
    const many = (n: number) => Array.from({ length: n }, () => '${SECRET:A}')
    expect(await f.resolve(many(10_000))).toHaveLength(10_000)
    const error = await configError(() => f.resolve(many(10_001)))
    expect(error.problem).toBe('references')
    expect(error.path).toBe('[10000]')
    const inOne = await configError(() =>
      f.resolve({ s: '${SECRET:A}'.repeat(4) }, { maxReferences: 3 }),
    )
    expect(inOne.message).toContain('more than maxReferences (3)')
  })

  it('limits string length (default 1 MiB)', async () => {
    const f = await fixture()
    const max = DEFAULT_CONFIG_LIMITS.maxStringLength
    expect(max).toBe(1024 * 1024)
    expect(await f.resolve({ s: 'x'.repeat(max) })).toEqual({ s: 'x'.repeat(max) })
    const error = await configError(() => f.resolve({ s: 'x'.repeat(max + 1) }))
    expect(error.problem).toBe('size')
    expect(error.message).toBe(
      `The string at s has ${max + 1} characters, more than maxStringLength (${max})`,
    )
  })

  it('limits the total size, so shared subtrees cannot blow up the walk', async () => {
    const f = await fixture()
    let bomb: unknown = 'x'.repeat(1000)
    for (let i = 0; i < 40; i++) bomb = [bomb, bomb] // 2^40 leaves if expanded
    const error = await configError(() => f.resolve(bomb))
    expect(error.problem).toBe('size')
    expect(error.message).toContain('larger than maxSize (16777216)')
    const small = await configError(() => f.resolve({ abc: 'de' }, { maxSize: 5 }))
    expect(small.problem).toBe('size')
  })

  it('validates options', async () => {
    const f = await fixture()
    const bad: Array<Partial<ResolveConfigOptions>> = [
      { prefix: '' },
      { prefix: 'has space:' },
      { prefix: '$x:' },
      { prefix: '1secret:' },
      { prefix: 'x'.repeat(65) },
      { maxDepth: 0 },
      { maxDepth: 1001 },
      { maxReferences: 1.5 },
      { maxStringLength: -1 },
      { maxSize: Number.NaN },
      { accessor: '' },
      { reason: 3 as unknown as string },
      { secrets: {} as ScopedSecrets },
    ]
    for (const options of bad) {
      await expect(f.resolve({ a: 'b' }, options)).rejects.toThrow(InvalidArgumentError)
    }
  })
})

describe('collectRefs', () => {
  it('lists every use with its path and reads nothing', () => {
    const config = {
      env: { TOKEN: '${SECRET:SLACK_TOKEN}', URL: 'https://${SECRET:U?}:${SECRET:P@2:-x}@h' },
      db: { port: 'secret:DB#port', esc: '$${SECRET:NOT_A_REF}' },
    }
    expect(collectRefs(config)).toEqual([
      { name: 'SLACK_TOKEN', path: 'env.TOKEN', required: true },
      { name: 'U', path: 'env.URL', required: false },
      { name: 'P', version: 2, path: 'env.URL', required: false },
      { name: 'DB', field: 'port', path: 'db.port', required: true },
    ])
    expect(collectRefs({ a: 'nexus-secret:X' }, { prefix: 'nexus-secret:' })).toEqual([
      { name: 'X', path: 'a', required: true },
    ])
    expect(collectRefs('secret:X#a.b')).toEqual([
      { name: 'X', field: 'a.b', path: '(root)', required: true },
    ])
  })

  it('reports malformed references like resolveConfig', async () => {
    const error = await configError(() => collectRefs({ a: ['${SECRET:}'] }))
    expect(error.path).toBe('a[0]')
  })
})

describe('maskConfig', () => {
  it('re-renders the config as written with a mask for every reference', () => {
    const config = {
      url: 'postgres://${SECRET:DB#user}:${SECRET:DB#password:-x}@db:5432',
      token: 'secret:SLACK_TOKEN',
      port: 'secret:DB#port',
      literal: '$${SECRET:NOT_A_REF} \\secret:x',
      esc: '\\secret:X',
      n: 3,
    }
    expect(maskConfig(config)).toEqual({
      url: 'postgres://••••:••••@db:5432',
      token: '••••',
      port: '••••',
      literal: '${SECRET:NOT_A_REF} \\secret:x',
      esc: 'secret:X',
      n: 3,
    })
    expect(maskConfig({ a: 'x${SECRET:A}' }, { mask: '[redacted]' })).toEqual({ a: 'x[redacted]' })
    expect(config.token).toBe('secret:SLACK_TOKEN')
  })

  it('checks syntax and limits', async () => {
    expect((await configError(() => maskConfig({ a: '${SECRET:A' }))).problem).toBe('syntax')
    expect(() => maskConfig({}, { mask: 1 as unknown as string })).toThrow(InvalidArgumentError)
  })
})

describe('formatConfigPath', () => {
  it('renders identifiers, indexes and other keys', () => {
    expect(formatConfigPath([])).toBe('(root)')
    expect(formatConfigPath(['plugins', 2, 'env', 'SLACK_TOKEN'])).toBe(
      'plugins[2].env.SLACK_TOKEN',
    )
    expect(formatConfigPath([0, 'a b', '$ok', '9x', '', 'x"y'])).toBe(
      '[0]["a b"].$ok["9x"][""]["x\\"y"]',
    )
  })
})
