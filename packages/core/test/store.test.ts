import { inspect } from 'node:util'
import { describe, expect, it, vi } from 'vitest'
import {
  AuditError,
  type AuditEvent,
  BackendError,
  createSecrets,
  DecryptionError,
  generateMasterKey,
  InvalidArgumentError,
  InvalidNameError,
  InvalidScopeError,
  InvalidValueError,
  jsonLinesAuditSink,
  Keyring,
  MissingSecretError,
  memoryAuditSink,
  memoryBackend,
  RekeyIncompleteError,
  SecretNotFoundError,
  toScope,
} from '../src/index.js'
import { countingBackend } from '../src/testing/index.js'
import { expectNoLeak } from './_leaks.js'

const keyring = Keyring.fromKeys({ keys: { k1: generateMasterKey() } })
const ctx = { accessor: 'user:alice', reason: 'test' }
const VALUE = 'xoxb-super-secret-token-value'

function setup(extra: Partial<Parameters<typeof createSecrets>[0]> = {}) {
  const audit = memoryAuditSink()
  const counted = countingBackend(memoryBackend())
  const secrets = createSecrets({ backend: counted.backend, keyring, audit, ...extra })
  return { audit, counted, secrets, s: secrets.scope({ tenant: 'acme', user: 'alice' }) }
}

const failingSink = { write: () => Promise.reject(new Error('audit store down')) }

describe('scopes', () => {
  it('canonicalises segments into one stable key', () => {
    expect(toScope({ user: 'alice', tenant: 'acme' }).key).toBe('tenant=acme;user=alice')
    expect(toScope({ tenant: 'a;b=c' }).key).toBe('tenant=a%3Bb%3Dc')
    expect(toScope({}).key).toBe('')
  })

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['array', ['a']],
    ['number value', { tenant: 1 }],
    ['empty value', { tenant: '' }],
    ['upper-case key', { Tenant: 'a' }],
    ['odd key', { 'ten ant': 'a' }],
    ['__proto__ key', JSON.parse('{"__proto__":"x"}')],
    ['class instance', new (class X {})()],
    ['too many segments', Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`s${i}`, 'v']))],
    ['lone surrogate', { tenant: '\ud800' }],
  ])('rejects %s with INVALID_SCOPE', (_case, scope) => {
    const { secrets } = setup()
    expect(() => secrets.scope(scope as never)).toThrow(InvalidScopeError)
  })
})

describe('input validation happens before any I/O and leaves data unchanged', () => {
  it.each([
    '',
    '.hidden',
    '-dash',
    'a..b/../c',
    'a/../b',
    'trailing/',
    'double//slash',
    'sp ace',
    "quote'",
    'x'.repeat(256),
    'ünïcode',
  ])('rejects the name %j', async (name) => {
    const { s, counted } = setup()
    await s.set('KEEP', 'kept')
    counted.reset()
    await expect(s.set(name, 'v')).rejects.toBeInstanceOf(InvalidNameError)
    await expect(s.get(name, ctx)).rejects.toBeInstanceOf(InvalidNameError)
    await expect(s.delete(name)).rejects.toBeInstanceOf(InvalidNameError)
    expect(counted.calls).toEqual({})
    expect(await s.get('KEEP', ctx)).toBe('kept')
  })

  it('accepts names with dots, dashes, underscores and slashes', async () => {
    const { s } = setup()
    for (const name of ['A', '_x', 'prod/db/password', 'a.b-c_d', '9lives', 'x'.repeat(255)]) {
      await s.set(name, 'v')
      expect(await s.get(name, ctx)).toBe('v')
    }
  })

  it.each([
    ['a number', 42],
    ['null', null],
    ['an object', { v: 1 }],
    ['a lone surrogate', 'a\ud800b'],
    ['one byte over the limit', 'x'.repeat(64 * 1024 + 1)],
    ['multi-byte over the limit', '€'.repeat(21846)],
  ])('rejects %s as a value with INVALID_VALUE', async (_case, value) => {
    const { s, counted } = setup()
    counted.reset()
    const err = await s.set('V', value as string).catch((e) => e)
    expect(InvalidValueError.isInstance(err)).toBe(true)
    expect(counted.calls).toEqual({})
    if (typeof value === 'string') expectNoLeak(err, value.slice(0, 64))
  })

  it('honours a configured maxValueBytes', async () => {
    const { s } = setup({ maxValueBytes: 10 })
    await s.set('SMALL', '0123456789')
    await expect(s.set('SMALL', '0123456789a')).rejects.toBeInstanceOf(InvalidValueError)
  })

  it('requires an accessor on every read', async () => {
    const { s } = setup()
    await s.set('A', 'a')
    await expect(s.get('A', {} as never)).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(s.get('A', { accessor: '' })).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(s.getMany(['A'], undefined as never)).rejects.toBeInstanceOf(InvalidArgumentError)
  })

  it('rejects malformed options', async () => {
    const { s } = setup()
    await expect(s.list({ limit: 0 })).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(s.list({ limit: 1001 })).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(s.list({ prefix: "'; DROP" })).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(s.set('A', 'a', { ifVersion: -1 })).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(s.get('A', { ...ctx, version: 0 })).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(s.rotate('A', 'a', { overlapMs: -5 })).rejects.toBeInstanceOf(InvalidArgumentError)
  })
})

describe('createSecrets options', () => {
  it('needs a keyring for envelope backends and an explicit audit choice', () => {
    expect(() => createSecrets({ backend: memoryBackend(), audit: false })).toThrow(/keyring/)
    expect(() => createSecrets({ backend: memoryBackend(), keyring } as never)).toThrow(
      /audit: false/,
    )
    expect(() => createSecrets({ backend: {} as never, keyring, audit: false })).toThrow(
      InvalidArgumentError,
    )
    expect(() =>
      createSecrets({
        backend: {
          ...memoryBackend(),
          capabilities: {
            envelope: false,
            encryptsAtRest: false,
            batch: true,
            cas: true,
            versions: true,
          },
        },
        audit: false,
      }),
    ).toThrow(/refusing to store plaintext/)
  })
})

describe('audit', () => {
  it('records every kind of access with who, why, what and how it ended, never the value', async () => {
    const { s, audit, secrets } = setup()
    await s.set('TOKEN', VALUE, { accessor: 'admin', description: 'bot token' })
    await s.get('TOKEN', ctx)
    await s.get('NOPE', ctx).catch(() => {})
    await s.rotate('TOKEN', `${VALUE}-2`, { accessor: 'admin' })
    await s.list({ accessor: 'admin' })
    await s.versions('TOKEN', { accessor: 'admin' })
    await s.set('TOKEN', 'x', { ifVersion: 1 }).catch(() => {})
    await s.delete('TOKEN', { accessor: 'admin', reason: 'offboarding' })
    await secrets.rekey({ accessor: 'ops' })
    const summary = audit.events.map((e) => `${e.action}:${e.outcome}:${e.name}:${e.version}`)
    expect(summary).toEqual([
      'write:success:TOKEN:1',
      'read:success:TOKEN:1',
      'read:not_found:NOPE:null',
      'rotate:success:TOKEN:2',
      'list:success:null:null',
      'versions:success:TOKEN:null',
      'write:conflict:TOKEN:null',
      'delete:success:TOKEN:null',
      'rekey:success:null:null',
    ])
    const read = audit.events[1]!
    expect(read).toMatchObject({
      accessor: 'user:alice',
      reason: 'test',
      scope: { tenant: 'acme', user: 'alice' },
    })
    expect(read.time).toBeInstanceOf(Date)
    expect(audit.events[2]!.errorCode).toBe('SECRET_NOT_FOUND')
    expect(audit.events[6]!.errorCode).toBe('CONFLICT')
    expect(audit.events[7]!.reason).toBe('offboarding')
    expect(JSON.stringify(audit.events)).not.toContain(VALUE)
  })

  it('records a tampered record as a failed access', async () => {
    const backend = memoryBackend()
    const audit = memoryAuditSink()
    const s = createSecrets({ backend, keyring, audit }).scope({ tenant: 't' })
    await s.set('A', VALUE)
    const scope = toScope({ tenant: 't' })
    const record = (await backend.get(scope, 'A'))!
    record.payload[record.payload.length - 1]! ^= 1
    await backend.put(scope, 'A', {
      payload: () => record.payload,
      createdBy: null,
      previousExpiresAt: null,
      requestId: 'r',
    })
    const err = await s.get('A', ctx).catch((e) => e)
    expect(DecryptionError.isInstance(err)).toBe(true)
    expect(audit.events.at(-1)).toMatchObject({
      action: 'read',
      outcome: 'decryption_failed',
      errorCode: 'DECRYPTION_FAILED',
    })
    expectNoLeak(err, VALUE)
  })

  it('fails closed: a read no sink recorded returns no value', async () => {
    const { s } = setup()
    await s.set('A', VALUE)
    const closed = createSecrets({ backend: memoryBackend(), keyring, audit: failingSink }).scope({
      t: 'x',
    })
    await expect(closed.set('A', VALUE)).rejects.toThrow(
      /write was applied, but no audit sink recorded it/,
    )
    const err = await closed.get('A', ctx).catch((e) => e)
    expect(AuditError.isInstance(err)).toBe(true)
    expect(err.code).toBe('AUDIT_FAILED')
    expectNoLeak(err, VALUE)
  })

  it('goes on in best-effort mode and reports the failure', async () => {
    const onError = vi.fn()
    const s = createSecrets({
      backend: memoryBackend(),
      keyring,
      audit: { sinks: failingSink, mode: 'best-effort', onError },
    }).scope({ t: 'x' })
    await s.set('A', VALUE)
    expect(await s.get('A', ctx)).toBe(VALUE)
    expect(onError).toHaveBeenCalledTimes(2)
  })

  it('succeeds when at least one of several sinks recorded the read', async () => {
    const lines: string[] = []
    const stream = {
      write: (chunk: string, cb?: (e?: Error | null) => void) => {
        lines.push(chunk)
        cb?.()
        return true
      },
    }
    const onError = vi.fn()
    const s = createSecrets({
      backend: memoryBackend(),
      keyring,
      audit: { sinks: [failingSink, jsonLinesAuditSink(stream)], onError },
    }).scope({ t: 'x' })
    await s.set('A', VALUE)
    expect(await s.get('A', { accessor: 'job' })).toBe(VALUE)
    expect(onError).toHaveBeenCalledTimes(2)
    const events = lines
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEvent)
    expect(events.map((e) => e.action)).toEqual(['write', 'read'])
    expect(lines.join('')).not.toContain(VALUE)
  })

  it('accepts a plain function as a sink', async () => {
    const seen: AuditEvent[] = []
    const s = createSecrets({
      backend: memoryBackend(),
      keyring,
      audit: (e) => void seen.push(e),
    }).scope({})
    await s.set('A', 'a')
    expect(seen).toHaveLength(1)
  })

  it('records one batch for a getMany of many names, with one backend call', async () => {
    const { s, audit, counted } = setup()
    const names = Array.from({ length: 50 }, (_, i) => `N${i}`)
    for (const n of names) await s.set(n, `v-${n}`)
    audit.clear()
    counted.reset()
    const values = await s.getMany(names, ctx)
    expect(values.N42).toBe('v-N42')
    expect(counted.calls).toEqual({ getMany: 1 })
    expect(audit.batches).toBe(1)
    expect(audit.events).toHaveLength(50)
  })

  it('getMany lists every missing name', async () => {
    const { s } = setup()
    await s.set('A', 'a')
    const err = await s.getMany(['A', 'B', 'C', 'B'], ctx).catch((e) => e)
    expect(MissingSecretError.isInstance(err)).toBe(true)
    expect(err.missing.map((m: { name: string }) => m.name)).toEqual(['B', 'C'])
  })
})

describe('cache', () => {
  it('serves repeated reads from memory, audits them, and drops entries on writes', async () => {
    const { s, counted, audit } = setup({ cache: { ttlMs: 60_000 } })
    await s.set('A', 'one')
    counted.reset()
    expect(await s.get('A', ctx)).toBe('one')
    expect(await s.get('A', ctx)).toBe('one')
    expect(counted.calls.getMany).toBe(1)
    expect(audit.events.filter((e) => e.action === 'read')).toHaveLength(2)
    await s.set('A', 'two')
    expect(await s.get('A', ctx)).toBe('two')
    expect(counted.calls.getMany).toBe(2)
  })

  it('expires entries after the TTL and can be invalidated on demand', async () => {
    let clock = 1_000_000
    const { s, counted, secrets } = setup({ cache: { ttlMs: 1000 }, now: () => new Date(clock) })
    await s.set('A', 'one')
    await s.get('A', ctx)
    counted.reset()
    await s.get('A', ctx)
    expect(counted.calls.getMany ?? 0).toBe(0)
    clock += 1001
    await s.get('A', ctx)
    expect(counted.calls.getMany).toBe(1)
    s.invalidate('A')
    await s.get('A', ctx)
    expect(counted.calls.getMany).toBe(2)
    secrets.invalidateAll()
    await s.get('A', ctx)
    expect(counted.calls.getMany).toBe(3)
  })

  it('fails closed on a backend error unless serveStaleOnError is set', async () => {
    let clock = 1_000_000
    const broken = memoryBackend()
    const failing = { ...broken, getMany: () => Promise.reject(new Error('connection reset')) }
    for (const [serveStaleOnError, expected] of [
      [false, 'error'],
      [true, 'stale'],
    ] as const) {
      const writer = createSecrets({ backend: broken, keyring, audit: false }).scope({ t: 'x' })
      await writer.set('A', 'cached')
      const backend = { ...broken, getMany: broken.getMany }
      const secrets = createSecrets({
        backend,
        keyring,
        audit: memoryAuditSink(),
        cache: { ttlMs: 1000, serveStaleOnError },
        now: () => new Date(clock),
      })
      const s = secrets.scope({ t: 'x' })
      expect(await s.get('A', ctx)).toBe('cached')
      backend.getMany = failing.getMany
      clock += 5000
      const result = await s.get('A', ctx).then(
        () => 'stale',
        (e) => (BackendError.isInstance(e) ? 'error' : `other: ${e}`),
      )
      expect(result).toBe(expected)
    }
  })
})

describe('memoryBackend', () => {
  it('warns once when NODE_ENV is production', async () => {
    vi.resetModules()
    const previous = process.env.NODE_ENV
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    try {
      process.env.NODE_ENV = 'production'
      const { memoryBackend: fresh } = await import('../src/backend/memory-backend.js')
      fresh()
      fresh()
      expect(warn).toHaveBeenCalledTimes(1)
      expect(String(warn.mock.calls[0]![0])).toMatch(/tests and development/)
    } finally {
      process.env.NODE_ENV = previous
      warn.mockRestore()
    }
  })
})

describe('rendering', () => {
  it('never shows values through inspect or JSON of the store, a handle or an error', async () => {
    const { s, secrets } = setup({ cache: { ttlMs: 60_000 } })
    await s.set('A', VALUE)
    await s.get('A', ctx)
    const err = await s.get('MISSING', ctx).catch((e) => e)
    expect(SecretNotFoundError.isInstance(err)).toBe(true)
    for (const text of [
      inspect(secrets, { depth: 10, showHidden: true }),
      inspect(s, { depth: 10, showHidden: true }),
      JSON.stringify(secrets),
      JSON.stringify(s),
      inspect(err, { depth: 10, showHidden: true }),
    ]) {
      expect(text).not.toContain(VALUE)
    }
  })

  it('wraps driver errors in BackendError with the cause', async () => {
    const cause = new Error('ECONNREFUSED')
    const backend = { ...memoryBackend(), getMany: () => Promise.reject(cause) }
    const audit = memoryAuditSink()
    const err = await createSecrets({ backend, keyring, audit })
      .scope({})
      .get('A', ctx)
      .catch((e) => e)
    expect(BackendError.isInstance(err)).toBe(true)
    expect(err.cause).toBe(cause)
    expect(audit.events.at(-1)).toMatchObject({ outcome: 'error', errorCode: 'BACKEND_ERROR' })
  })
})

describe('rekey', () => {
  it('reports records it cannot rewrap and leaves them as they were', async () => {
    const backend = memoryBackend()
    const oldKey = generateMasterKey()
    const old = Keyring.fromKeys({ keys: { old: oldKey } })
    const lost = Keyring.fromKeys({ keys: { lost: generateMasterKey() } })
    await createSecrets({ backend, keyring: old, audit: false }).scope({ t: 'a' }).set('A', 'a')
    await createSecrets({ backend, keyring: lost, audit: false }).scope({ t: 'b' }).set('B', 'b')
    const before = backend.dump()
    const both = Keyring.fromKeys({
      primary: 'new',
      keys: { old: oldKey, new: generateMasterKey() },
    })
    const audit = memoryAuditSink()
    const err = await createSecrets({ backend, keyring: both, audit })
      .rekey()
      .catch((e: unknown) => e)
    expect(RekeyIncompleteError.isInstance(err)).toBe(true)
    const { result } = err as RekeyIncompleteError
    expect(result).toMatchObject({ scanned: 2, rewrapped: 1, primaryKeyId: 'new' })
    expect(result.failed).toEqual([
      { scopeKey: 't=b', name: 'B', version: 1, code: 'UNKNOWN_KEY_ID' },
    ])
    expect(backend.dump()[1]!.payload).toEqual(before[1]!.payload)
    expect(audit.events.at(-1)).toMatchObject({
      action: 'rekey',
      outcome: 'decryption_failed',
      count: 1,
    })
  })
})
