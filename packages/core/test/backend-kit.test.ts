import { describe, expect, it } from 'vitest'
import {
  AUDIT_OUTCOMES,
  accessLogCursor,
  assertConcurrency,
  assertPutInput,
  assertRecordKeys,
  decodeCursor,
  encodeCursor,
  InvalidArgumentError,
  InvalidNameError,
  listCursor,
  mapConcurrent,
  memoryBackend,
  parseAccessLogQuery,
  parseListOptions,
  parsePruneOptions,
  payloadToText,
  pruneEvent,
  readEach,
  type SecretRecord,
  scopeHash,
  versionInfoOf,
  versionMetadataOf,
} from '../src/index.js'

const record = (name: string, version: number): SecretRecord => ({
  name,
  version,
  payload: new Uint8Array([version]),
  description: null,
  createdBy: null,
  previousExpiresAt: null,
  createdAt: new Date(0),
})

describe('backend kit', () => {
  it('mapConcurrent keeps order and never has more than `limit` calls in flight', async () => {
    let inFlight = 0
    let peak = 0
    const out = await mapConcurrent([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      inFlight++
      peak = Math.max(peak, inFlight)
      await new Promise((resolve) => setTimeout(resolve, n))
      inFlight--
      return n * 2
    })
    expect(out).toEqual([10, 2, 8, 4, 6, 0, 12])
    expect(peak).toBe(3)
    await expect(
      mapConcurrent([1, 2], 2, async () => Promise.reject(new Error('x'))),
    ).rejects.toThrow('x')
    expect(() => assertConcurrency(0)).toThrow(InvalidArgumentError)
    expect(() => assertConcurrency(257)).toThrow(InvalidArgumentError)
  })

  it('readEach reads each distinct key once and aligns the results', async () => {
    const reads: string[] = []
    const out = await readEach(
      [
        { name: 'A' },
        { name: 'B', version: 2 },
        { name: 'A' },
        { name: 'B', version: 2 },
        { name: 'C' },
      ],
      2,
      async (key) => {
        reads.push(`${key.name}@${key.version ?? 'latest'}`)
        return key.name === 'C' ? null : record(key.name, key.version ?? 1)
      },
    )
    expect(reads.sort()).toEqual(['A@latest', 'B@2', 'C@latest'])
    expect(out.map((r) => r && `${r.name}@${r.version}`)).toEqual([
      'A@1',
      'B@2',
      'A@1',
      'B@2',
      null,
    ])
    await expect(readEach([{ name: 'bad name' }], 1, async () => null)).rejects.toThrow(
      InvalidNameError,
    )
  })

  it('checks keys, put input and list options before any I/O', () => {
    expect(() => assertRecordKeys('A')).toThrow(/array/)
    expect(() => assertRecordKeys([{ name: 'A', version: 0 }])).toThrow(/positive integer/)
    const input = {
      payload: () => new Uint8Array(),
      createdBy: null,
      previousExpiresAt: null,
      requestId: 'r',
    }
    expect(() => assertPutInput(input)).not.toThrow()
    expect(() =>
      assertPutInput({ ...input, description: 'd'.repeat(11) }, { maxDescriptionLength: 10 }),
    ).toThrow(/at most 10/)
    expect(() => assertPutInput({ ...input, ifVersion: -1 })).toThrow(/ifVersion/)
    expect(() => assertPutInput({ ...input, requestId: '' })).toThrow(/requestId/)
    expect(() => parseListOptions({ limit: 0 })).toThrow(/1 to 1000/)
    expect(() => parseListOptions({ limit: 10, prefix: 'a b' })).toThrow(/prefix/)
    expect(parseListOptions({ limit: 10, cursor: listCursor('db/x', true)! })).toEqual({
      limit: 10,
      prefix: '',
      after: 'db/x',
    })
    expect(listCursor('x', false)).toBeNull()
    expect(() => parseListOptions({ limit: 10, cursor: encodeCursor('a=b') })).toThrow(/cursor/)
  })

  it('cursors round-trip and refuse anything else', () => {
    const isPair = (v: unknown): v is [string, number] => Array.isArray(v) && v.length === 2
    expect(decodeCursor(encodeCursor(['a', 1]), 'x', isPair)).toEqual(['a', 1])
    for (const bad of ['', 'not base64!', `${encodeCursor(['a', 1])}=`, encodeCursor({})]) {
      expect(() => decodeCursor(bad, 'x', isPair)).toThrow(InvalidArgumentError)
    }
  })

  it('parses access-log queries and prune options the same way for every store', () => {
    const isId = (id: string) => /^[0-9]+$/.test(id)
    const first = parseAccessLogQuery({ scope: { tenant: 'a' }, name: 'K' }, isId)
    expect(first).toMatchObject({ name: 'K', limit: 50, before: undefined })
    expect(first.scope.key).toBe('tenant=a')
    const parsed = parseAccessLogQuery(
      { scope: {}, name: 'K', cursor: encodeCursor(['42', 'K']) },
      isId,
    )
    expect(parsed.before).toBe('42')
    expect(() =>
      parseAccessLogQuery({ scope: {}, cursor: encodeCursor(['42', 'K']) }, isId),
    ).toThrow(/another "name"/)
    expect(() =>
      parseAccessLogQuery({ scope: {}, cursor: encodeCursor(['x', null]) }, isId),
    ).toThrow(/cursor/)
    const prune = parsePruneOptions({ before: new Date(5), accessor: 'job' })
    expect(prune).toEqual({ before: new Date(5), batchSize: 1000, accessor: 'job', reason: null })
    expect(pruneEvent(prune, 3)).toMatchObject({ action: 'prune', count: 3, outcome: 'success' })
    expect(pruneEvent(prune, 1, 'BACKEND_ERROR')).toMatchObject({
      outcome: 'error',
      errorCode: 'BACKEND_ERROR',
    })
    expect(() => parsePruneOptions({ before: 'yesterday' })).toThrow(/valid Date/)
  })

  it('checks an access-log outcome filter and keeps it as a sorted set', () => {
    const isId = (id: string) => /^[0-9]+$/.test(id)
    const parse = (query: object) => parseAccessLogQuery({ scope: {}, ...query }, isId)
    expect(AUDIT_OUTCOMES).toEqual([
      'success',
      'not_found',
      'conflict',
      'decryption_failed',
      'error',
    ])
    expect(Object.isFrozen(AUDIT_OUTCOMES)).toBe(true)
    expect(parse({}).outcomes).toBeUndefined()
    expect(parse({ outcome: 'error' }).outcomes).toEqual(['error'])
    expect(parse({ outcome: ['error', 'not_found', 'error', 'success'] }).outcomes).toEqual([
      'success',
      'not_found',
      'error',
    ])
    expect(() => parse({ outcome: [] })).toThrow(/at least one outcome/)
    for (const [bad, shown] of [
      ['failed', '"failed"'],
      [['error', 'Error'], '"Error"'],
      [[null], 'null'],
      [42, '42'],
      [{ o: 'error' }, 'of type object'],
    ] as const) {
      expect(() => parse({ outcome: bad })).toThrow(InvalidArgumentError)
      expect(() => parse({ outcome: bad })).toThrow(`Unknown "outcome" ${shown}: expected one of`)
    }
  })

  it('binds an access-log cursor to the outcome filter', () => {
    const isId = (id: string) => /^[0-9]+$/.test(id)
    const parse = (query: object) => parseAccessLogQuery({ scope: {}, ...query }, isId)
    const filtered = parse({ name: 'K', outcome: ['error', 'not_found'] })
    const cursor = accessLogCursor('42', filtered, true)!
    expect(accessLogCursor('42', filtered, false)).toBeNull()
    expect(accessLogCursor(undefined, filtered, true)).toBeNull()
    // The same set, in another order or with repeats, continues the same query.
    expect(parse({ name: 'K', outcome: ['not_found', 'error', 'error'], cursor }).before).toBe('42')
    for (const outcome of [undefined, 'error', ['error', 'not_found', 'success']]) {
      expect(() => parse({ name: 'K', outcome, cursor })).toThrow(/another "outcome"/)
    }
    expect(() => parse({ outcome: ['error', 'not_found'], cursor })).toThrow(/another "name"/)
    // Cursors without a filter keep their two-element form, and old ones still work.
    const plain = accessLogCursor('7', parse({ name: 'K' }), true)!
    expect(plain).toBe(encodeCursor(['7', 'K']))
    expect(parse({ name: 'K', cursor: plain }).before).toBe('7')
    expect(() => parse({ name: 'K', outcome: 'error', cursor: plain })).toThrow(/another "outcome"/)
    for (const forged of [
      ['7', 'K', []],
      ['7', 'K', ['error', 'not_found']],
      ['7', 'K', [1]],
    ]) {
      expect(() =>
        parse({ name: 'K', outcome: ['error', 'not_found'], cursor: encodeCursor(forged) }),
      ).toThrow(InvalidArgumentError)
    }
  })

  it('hashes scope keys, decodes text strictly and builds version info', () => {
    expect(scopeHash('tenant=a')).toMatch(/^[0-9a-f]{64}$/)
    expect(scopeHash('tenant=a')).not.toBe(scopeHash('tenant=b'))
    expect(payloadToText(new TextEncoder().encode('é'))).toBe('é')
    expect(() => payloadToText(new Uint8Array([0xff]))).toThrow(/UTF-8/)
    const meta = versionMetadataOf(
      { payload: () => new Uint8Array(), createdBy: 'u', previousExpiresAt: null, requestId: 'r' },
      'd',
    )
    expect(meta).toEqual({
      createdBy: 'u',
      description: 'd',
      previousExpiresAt: null,
      requestId: 'r',
    })
    expect(versionInfoOf('K', 3, meta, new Date(1))).toEqual({
      name: 'K',
      version: 3,
      description: 'd',
      createdBy: 'u',
      previousExpiresAt: null,
      createdAt: new Date(1),
    })
    expect(memoryBackend().specificationVersion).toBe('v2')
  })
})
