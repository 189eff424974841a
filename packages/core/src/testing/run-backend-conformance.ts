/**
 * The conformance suite every backend runs: tiered tests (the required
 * contract first, then each optional capability) over the backend directly
 * and through `createSecrets`, reading storage through `raw` to prove no
 * plaintext value was ever stored.
 *
 * Needs vitest (an optional peer dependency of @secrets/core).
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryAuditSink } from '../audit/sinks.js'
import { toScope } from '../backend/scope.js'
import type { BackendCapabilities, SecretBackend } from '../backend/secret-backend.js'
import { createEnvelopeCipher } from '../crypto/envelope-cipher.js'
import { generateMasterKey, Keyring } from '../crypto/keyring.js'
import { ConflictError } from '../errors/conflict-error.js'
import { DecryptionError } from '../errors/decryption-error.js'
import { InvalidValueError } from '../errors/invalid-value-error.js'
import { SecretNotFoundError } from '../errors/secret-not-found-error.js'
import { createSecrets } from '../store/create-secrets.js'
import type { SecretStore } from '../store/types.js'
import { countingBackend } from './counting-backend.js'

/** What `raw` returns: storage as it is, read around the backend. */
export interface RawStorage {
  /** Every stored field of every record, payloads included (strings or bytes). */
  stored: ReadonlyArray<string | Uint8Array>
  /** Every stored field that is not a value payload: names, descriptions, tags, labels. */
  metadata: ReadonlyArray<string | Uint8Array>
}

/** Options of {@link runBackendConformance}. */
export interface ConformanceOptions<B extends SecretBackend = SecretBackend> {
  /** Names the suite in test output. */
  name: string
  /** Creates the backend under test; called once for the suite. */
  create: () => B | Promise<B>
  /** Reads the backend's storage directly, bypassing its API. */
  raw: (backend: B) => Promise<RawStorage>
  /** Releases what `create` made (drop tables, close pools). */
  destroy?: (backend: B) => void | Promise<void>
  /** Capabilities the backend must declare; the suite fails if they differ. */
  capabilities?: Partial<BackendCapabilities>
  /** How many names the batch test reads in one call. @default 500 */
  batchSize?: number
}

const keyA = generateMasterKey()
const keyB = generateMasterKey()
const ringA = Keyring.fromKeys({ keys: { 'kit-a': keyA } })
const ringAB = Keyring.fromKeys({ primary: 'kit-b', keys: { 'kit-a': keyA, 'kit-b': keyB } })
const ringB = Keyring.fromKeys({ keys: { 'kit-b': keyB } })

/** A value that is unlikely to appear anywhere by chance. */
function marker(label: string): string {
  return `${label}-${globalThis.crypto.randomUUID()}-plaintext`
}

/** The forms of a value that must never be found in storage. */
function encodings(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8')
  return [
    value,
    bytes.toString('base64'),
    bytes.toString('base64url'),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
  ]
}

function containsAny(
  haystack: ReadonlyArray<string | Uint8Array>,
  needles: string[],
): string | undefined {
  for (const cell of haystack) {
    const text = typeof cell === 'string' ? cell : Buffer.from(cell).toString('latin1')
    const utf8 = typeof cell === 'string' ? cell : Buffer.from(cell).toString('utf8')
    for (const n of needles) if (text.includes(n) || utf8.includes(n)) return n
  }
  return undefined
}

/**
 * Registers the conformance suite with vitest. Call it at the top level of a
 * test file, once per backend configuration.
 * @example
 * ```ts
 * runBackendConformance({
 *   name: 'kysely:sqlite',
 *   create: async () => { … return kyselyBackend({ db }) },
 *   raw: async () => ({ stored: await dumpAllCells(db), metadata: await dumpMetadataCells(db) }),
 * })
 * ```
 */
export function runBackendConformance<B extends SecretBackend>(
  options: ConformanceOptions<B>,
): void {
  describe(`backend conformance: ${options.name}`, () => {
    let backend: B
    let caps: BackendCapabilities
    const run = globalThis.crypto.randomUUID().slice(0, 8)
    let counter = 0
    /** A scope no other test uses. */
    const freshScope = (extra: Record<string, string> = {}) => ({
      tenant: `kit-${run}`,
      test: `t${++counter}`,
      ...extra,
    })
    const audit = memoryAuditSink()
    const store = (keyring = ringA, extra: { now?: () => Date } = {}): SecretStore =>
      createSecrets({ backend, keyring, audit, ...extra })
    const ctx = { accessor: 'conformance', reason: 'test' }

    beforeAll(async () => {
      backend = await options.create()
      caps = backend.capabilities
    })
    afterAll(async () => {
      if (backend) await options.destroy?.(backend)
    })

    describe('required', () => {
      it('declares the v1 contract and its capabilities', () => {
        expect(backend.specificationVersion).toBe('v1')
        expect(typeof backend.name).toBe('string')
        for (const m of ['getMany', 'get', 'put', 'delete', 'list', 'versions'] as const) {
          expect(typeof backend[m]).toBe('function')
        }
        for (const flag of ['envelope', 'encryptsAtRest', 'batch', 'cas', 'versions'] as const) {
          expect(typeof caps[flag]).toBe('boolean')
        }
        expect(caps.envelope || caps.encryptsAtRest).toBe(true)
        if (options.capabilities) expect(caps).toMatchObject(options.capabilities)
      })

      it('round-trips set, get, overwrite and delete through the store', async () => {
        const s = store().scope(freshScope())
        expect(await s.set('API_KEY', 'v1', { accessor: 'kit' })).toEqual({ version: 1 })
        expect(await s.get('API_KEY', ctx)).toBe('v1')
        expect((await s.set('API_KEY', 'v2', { accessor: 'kit' })).version).toBe(2)
        expect(await s.get('API_KEY', ctx)).toBe('v2')
        expect(await s.delete('API_KEY')).toBe(true)
        await expect(s.get('API_KEY', ctx)).rejects.toBeInstanceOf(SecretNotFoundError)
        expect(await s.delete('API_KEY')).toBe(false)
        expect(await s.versions('API_KEY')).toEqual([])
        await s.set('API_KEY', 'again')
        expect(await s.get('API_KEY', ctx)).toBe('again')
      })

      it('returns null for absent records and aligns getMany results with the keys', async () => {
        const scope = toScope(freshScope())
        const s = store().scope(scope.segments)
        await s.set('B', 'b')
        await s.set('A', 'a')
        expect(await backend.get(scope, 'NOPE')).toBeNull()
        const records = await backend.getMany(scope, [
          { name: 'A' },
          { name: 'NOPE' },
          { name: 'B' },
          { name: 'A' },
        ])
        expect(records.map((r) => r?.name ?? null)).toEqual(['A', null, 'B', 'A'])
        expect(records[0]!.version).toBe(1)
        expect(records[0]!.payload).toBeInstanceOf(Uint8Array)
        expect(records[0]!.createdAt).toBeInstanceOf(Date)
        expect(await backend.getMany(scope, [])).toEqual([])
      })

      it('keeps metadata: description (kept when omitted, cleared by null), createdBy, previousExpiresAt', async () => {
        const scope = toScope(freshScope())
        const base = { createdBy: 'kit', previousExpiresAt: null }
        const sealer = createEnvelopeCipher({ keyring: ringA })
        const payload = () =>
          caps.envelope
            ? sealer.seal('metadata test', new Uint8Array())
            : new TextEncoder().encode('x')
        await backend.put(scope, 'M', {
          ...base,
          payload: payload(),
          description: 'bot token',
          requestId: globalThis.crypto.randomUUID(),
        })
        const v2 = await backend.put(scope, 'M', {
          ...base,
          payload: payload(),
          requestId: globalThis.crypto.randomUUID(),
        })
        expect(v2).toMatchObject({
          name: 'M',
          version: 2,
          description: 'bot token',
          createdBy: 'kit',
        })
        const until = new Date(Date.now() + 60_000)
        await backend.put(scope, 'M', {
          payload: payload(),
          description: null,
          createdBy: 'rotator',
          previousExpiresAt: until,
          requestId: globalThis.crypto.randomUUID(),
        })
        const latest = await backend.get(scope, 'M')
        expect(latest).toMatchObject({ version: 3, description: null, createdBy: 'rotator' })
        expect(Math.abs(latest!.previousExpiresAt!.getTime() - until.getTime())).toBeLessThan(1000)
      })

      it('isolates scopes: same names, prefix-sharing scopes, list and delete', async () => {
        const id = `${run}-${++counter}`
        const scopes: Array<Record<string, string>> = [
          { tenant: `iso-${id}` },
          { tenant: `iso-${id}`, user: 'bob' },
          { tenant: `iso-${id}-x` },
          { tenant: `iso-${id}/user` },
        ]
        const st = store()
        for (const [i, sc] of scopes.entries()) await st.scope(sc).set('SHARED', `value-${i}`)
        for (const [i, sc] of scopes.entries()) {
          const s = st.scope(sc)
          expect(await s.get('SHARED', ctx)).toBe(`value-${i}`)
          const page = await s.list()
          expect(page.items.map((x) => x.name)).toEqual(['SHARED'])
        }
        await st.scope({ tenant: `iso-${id}`, user: 'alice' }).set('ONLY_ALICE', 'a')
        await expect(st.scope(scopes[1]!).get('ONLY_ALICE', ctx)).rejects.toBeInstanceOf(
          SecretNotFoundError,
        )
        expect(await st.scope(scopes[0]!).delete('SHARED')).toBe(true)
        for (const [i, sc] of scopes.entries()) {
          if (i > 0) expect(await st.scope(sc).get('SHARED', ctx)).toBe(`value-${i}`)
        }
      })

      it('lists in name order, paged without gaps or repeats, with a literal prefix filter', async () => {
        const s = store().scope(freshScope())
        const names = Array.from({ length: 25 }, (_, i) => `svc.${String(i).padStart(2, '0')}`)
        const decoys = ['svcX00', 'svc_00', 'sv', 'a/svc.00', 'svc./x']
        for (const n of [...names, ...decoys]) await s.set(n, 'v', { description: `about ${n}` })
        const seen: string[] = []
        let cursor: string | undefined
        let pages = 0
        do {
          const page = await s.list({ prefix: 'svc.', limit: 10, ...(cursor ? { cursor } : {}) })
          expect(page.items.length).toBeLessThanOrEqual(10)
          seen.push(...page.items.map((x) => x.name))
          cursor = page.cursor ?? undefined
          pages++
        } while (cursor && pages < 10)
        expect(seen).toEqual([...names, 'svc./x'].sort())
        expect(pages).toBeGreaterThanOrEqual(3)
        const all = await s.list({ limit: 1000 })
        expect(all.items.map((x) => x.name)).toEqual([...names, ...decoys].sort())
        expect(all.cursor).toBeNull()
        const item = all.items.find((x) => x.name === 'svc_00')!
        expect(item).toMatchObject({ version: 1, description: 'about svc_00' })
        expect(item.updatedAt).toBeInstanceOf(Date)
        expect(JSON.stringify(all)).not.toContain('"value"')
        const underscore = await s.list({ prefix: 'svc_' })
        expect(underscore.items.map((x) => x.name)).toEqual(['svc_00'])
      })

      it('stores Unicode values and names with dots, dashes and slashes', async () => {
        const s = store().scope(freshScope({ zone: 'zürich ☃' }))
        const values = [
          '',
          ' ',
          'é',
          '日本語のパスワード',
          '🔑🗝️',
          'مرحبا',
          'line\nbreak\ttab',
          'nul\u0000byte',
          '{"json":true}',
        ]
        for (const [i, v] of values.entries()) await s.set(`path/to.secret-${i}`, v)
        for (const [i, v] of values.entries())
          expect(await s.get(`path/to.secret-${i}`, ctx)).toBe(v)
      })

      it('accepts the maximum value size and rejects one byte more before any I/O', async () => {
        const counted = countingBackend(backend)
        const limit =
          caps.maxPayloadBytes === undefined
            ? 64 * 1024
            : Math.min(64 * 1024, caps.maxPayloadBytes - 512)
        const s = createSecrets({
          backend: counted.backend,
          keyring: ringA,
          audit,
          maxValueBytes: limit,
        }).scope(freshScope())
        const max = `${'x'.repeat(limit - 3)}€`
        await s.set('BIG', max)
        expect(await s.get('BIG', ctx)).toBe(max)
        counted.reset()
        await expect(s.set('BIG', `${max}x`)).rejects.toBeInstanceOf(InvalidValueError)
        expect(counted.calls.put ?? 0).toBe(0)
        expect(await s.get('BIG', ctx)).toBe(max)
      })

      it('reads many names with one backend call', async () => {
        const counted = countingBackend(backend)
        const n = options.batchSize ?? 500
        const scope = freshScope()
        const writer = store().scope(scope)
        const names = Array.from({ length: n }, (_, i) => `BATCH_${i}`)
        await Promise.all(names.map((name, i) => writer.set(name, `value-${i}`)))
        const s = createSecrets({ backend: counted.backend, keyring: ringA, audit }).scope(scope)
        const values = await s.getMany(names, ctx)
        expect(counted.calls.getMany).toBe(1)
        expect(counted.calls.get ?? 0).toBe(0)
        expect(Object.keys(values)).toHaveLength(n)
        expect(values.BATCH_7).toBe('value-7')
      })

      it('never stores the value in metadata, nor (for envelope backends) anywhere', async () => {
        const s = store().scope(freshScope())
        const secrets = [marker('alpha'), marker('beta'), `${marker('gamma')}-€-日本`]
        for (const [i, v] of secrets.entries()) {
          await s.set(`LEAK_${i}`, v, { description: 'no value here', accessor: 'kit' })
          await s.rotate(`LEAK_${i}`, `${v}-rotated`, { accessor: 'kit' })
        }
        const storage = await options.raw(backend)
        expect(storage.stored.length).toBeGreaterThan(0)
        const needles = secrets.flatMap((v) => [...encodings(v), ...encodings(`${v}-rotated`)])
        expect(containsAny(storage.metadata, needles)).toBeUndefined()
        if (caps.envelope) expect(containsAny(storage.stored, needles)).toBeUndefined()
      })

      it('rejects a payload moved to another scope or name (envelope backends)', async () => {
        if (!caps.envelope) return
        const from = toScope(freshScope())
        const to = toScope(freshScope())
        await store().scope(from.segments).set('ORIGINAL', marker('moved'))
        const record = (await backend.get(from, 'ORIGINAL'))!
        const meta = { createdBy: 'attacker', previousExpiresAt: null }
        await backend.put(to, 'ORIGINAL', {
          ...meta,
          payload: record.payload,
          requestId: globalThis.crypto.randomUUID(),
        })
        await backend.put(from, 'RENAMED', {
          ...meta,
          payload: record.payload,
          requestId: globalThis.crypto.randomUUID(),
        })
        await expect(store().scope(to.segments).get('ORIGINAL', ctx)).rejects.toBeInstanceOf(
          DecryptionError,
        )
        await expect(store().scope(from.segments).get('RENAMED', ctx)).rejects.toBeInstanceOf(
          DecryptionError,
        )
      })
    })

    describe('versions', () => {
      it('keeps earlier versions readable and lists them newest first', async (t) => {
        if (!caps.versions) t.skip()
        const s = store().scope(freshScope())
        await s.set('ROTATED', 'one', { description: 'first', accessor: 'alice' })
        await s.rotate('ROTATED', 'two', { accessor: 'bob' })
        await s.rotate('ROTATED', 'three', { accessor: 'carol' })
        expect(await s.get('ROTATED', { ...ctx, version: 1 })).toBe('one')
        expect(await s.get('ROTATED', { ...ctx, version: 2 })).toBe('two')
        expect(await s.get('ROTATED', ctx)).toBe('three')
        await expect(s.get('ROTATED', { ...ctx, version: 9 })).rejects.toBeInstanceOf(
          SecretNotFoundError,
        )
        const versions = await s.versions('ROTATED')
        expect(versions.map((v) => v.version)).toEqual([3, 2, 1])
        expect(versions.map((v) => v.createdBy)).toEqual(['carol', 'bob', 'alice'])
        expect(versions[2]!.description).toBe('first')
        expect(JSON.stringify(versions)).not.toContain('one')
      })

      it('serves the previous version during a rotation overlap window only', async (t) => {
        if (!caps.versions) t.skip()
        let clock = Date.now()
        const st = store(ringA, { now: () => new Date(clock) })
        const s = st.scope(freshScope())
        await s.set('WEBHOOK_KEY', 'old')
        await s.rotate('WEBHOOK_KEY', 'new', { overlapMs: 60_000 })
        const during = await s.getActive('WEBHOOK_KEY', ctx)
        expect(during.current).toMatchObject({ version: 2, value: 'new' })
        expect(during.previous).toMatchObject({ version: 1, value: 'old' })
        clock += 61_000
        expect((await s.getActive('WEBHOOK_KEY', ctx)).previous).toBeNull()
        await expect(s.rotate('NEVER_SET', 'x')).rejects.toBeInstanceOf(SecretNotFoundError)
      })
    })

    describe('compare-and-set', () => {
      it('lets exactly one of two concurrent creators win', async (t) => {
        if (!caps.cas) t.skip()
        const s = store().scope(freshScope())
        const results = await Promise.allSettled([
          s.set('RACE', 'first', { ifVersion: 0 }),
          s.set('RACE', 'second', { ifVersion: 0 }),
        ])
        const won = results.filter((r) => r.status === 'fulfilled')
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
        expect(won).toHaveLength(1)
        expect(lost).toHaveLength(1)
        expect(ConflictError.isInstance(lost[0]!.reason)).toBe(true)
        expect(['first', 'second']).toContain(await s.get('RACE', ctx))
        expect((await s.versions('RACE')).length).toBe(1)
      })

      it('rejects a stale expected version and leaves the data as it was', async (t) => {
        if (!caps.cas) t.skip()
        const s = store().scope(freshScope())
        await s.set('CAS', 'v1')
        await s.set('CAS', 'v2', { ifVersion: 1 })
        await expect(s.set('CAS', 'lost', { ifVersion: 1 })).rejects.toBeInstanceOf(ConflictError)
        await expect(s.set('CAS', 'lost', { ifVersion: 0 })).rejects.toBeInstanceOf(ConflictError)
        expect(await s.get('CAS', ctx)).toBe('v2')
        expect((await s.versions('CAS')).map((v) => v.version)).toEqual([2, 1])
      })

      it('lands 20 concurrent rotations as 20 new contiguous versions', async (t) => {
        if (!caps.cas || !caps.versions) t.skip()
        const s = store().scope(freshScope())
        await s.set('HOT', 'v0')
        const written = await Promise.all(
          Array.from({ length: 20 }, (_, i) => s.rotate('HOT', `r${i}`)),
        )
        expect(written.map((w) => w.version).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 20 }, (_, i) => i + 2),
        )
        const versions = await s.versions('HOT')
        expect(versions.map((v) => v.version)).toEqual(Array.from({ length: 21 }, (_, i) => 21 - i))
        const values = new Set<string>()
        for (let v = 2; v <= 21; v++) values.add(await s.get('HOT', { ...ctx, version: v }))
        expect(values).toEqual(new Set(Array.from({ length: 20 }, (_, i) => `r${i}`)))
      })
    })

    describe('rekey', () => {
      it('rewraps every record under the new primary; abortable, resumable, idempotent', async (t) => {
        if (!caps.envelope || !backend.scan || !backend.replacePayloads) t.skip()
        const scopes = [freshScope(), freshScope(), freshScope()]
        const old = store(ringA)
        const written: Array<[Record<string, string>, string, string]> = []
        for (const sc of scopes) {
          for (let i = 0; i < 7; i++) {
            const value = marker(`rekey-${i}`)
            await old.scope(sc).set(`K${i}`, value)
            written.push([sc, `K${i}`, value])
          }
        }
        const rotating = store(ringAB)
        const controller = new AbortController()
        await expect(
          rotating.rekey({
            batchSize: 5,
            signal: controller.signal,
            onProgress: () => controller.abort(),
          }),
        ).rejects.toMatchObject({ code: 'ABORTED' })
        for (const [sc, name, value] of written)
          expect(await rotating.scope(sc).get(name, ctx)).toBe(value)
        const concurrent = Promise.all(
          scopes.map((sc, i) => rotating.scope(sc).set('DURING', `during-${i}`)),
        )
        const progress: number[] = []
        const first = await rotating.rekey({
          batchSize: 5,
          onProgress: (p) => progress.push(p.scanned),
        })
        await concurrent
        expect(first.primaryKeyId).toBe('kit-b')
        expect(first.rewrapped).toBeGreaterThanOrEqual(written.length - 5)
        expect(progress.length).toBeGreaterThan(1)
        expect(first.failed).toEqual([])
        const again = await rotating.rekey({ batchSize: 50 })
        expect(again.rewrapped).toBe(0)
        expect(again.scanned).toBeGreaterThanOrEqual(written.length)
        const newOnly = store(ringB)
        for (const [sc, name, value] of written)
          expect(await newOnly.scope(sc).get(name, ctx)).toBe(value)
        for (const [i, sc] of scopes.entries())
          expect(await newOnly.scope(sc).get('DURING', ctx)).toBe(`during-${i}`)
      })
    })
  })
}
