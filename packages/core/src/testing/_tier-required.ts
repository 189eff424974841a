/** The required tier: what every backend must do. Internal to `@secrets/core/testing`. */

import { toScope } from '../backend/scope.js'
import { createEnvelopeCipher } from '../crypto/envelope-cipher.js'
import { DecryptionError } from '../errors/decryption-error.js'
import { InvalidValueError } from '../errors/invalid-value-error.js'
import { SecretNotFoundError } from '../errors/secret-not-found-error.js'
import { createSecrets } from '../store/create-secrets.js'
import { containsAny, encodings, type Kit, marker, ringA } from './_kit.js'
import { describe, expect, it } from './_vitest.js'
import { countingBackend } from './counting-backend.js'

/** Registers the required tier. */
export function requiredTier(kit: Kit): void {
  describe('required', () => {
    it('declares the v2 contract and its capabilities', () => {
      expect(kit.backend.specificationVersion).toBe('v2')
      expect(typeof kit.backend.name).toBe('string')
      for (const m of ['getMany', 'get', 'put', 'delete', 'list', 'versions'] as const) {
        expect(typeof kit.backend[m]).toBe('function')
      }
      for (const flag of ['envelope', 'encryptsAtRest', 'batch', 'cas', 'versions'] as const) {
        expect(typeof kit.caps[flag]).toBe('boolean')
      }
      expect(kit.caps.envelope || kit.caps.encryptsAtRest).toBe(true)
      if (kit.options.capabilities) expect(kit.caps).toMatchObject(kit.options.capabilities)
    })

    it('round-trips set, get, overwrite and delete through the store', async () => {
      const s = kit.store().scope(kit.freshScope())
      expect(await s.set('API_KEY', 'v1', { accessor: 'kit' })).toEqual({ version: 1 })
      expect(await s.get('API_KEY', kit.ctx)).toBe('v1')
      expect((await s.set('API_KEY', 'v2', { accessor: 'kit' })).version).toBe(2)
      expect(await s.get('API_KEY', kit.ctx)).toBe('v2')
      expect(await s.delete('API_KEY')).toBe(true)
      await expect(s.get('API_KEY', kit.ctx)).rejects.toBeInstanceOf(SecretNotFoundError)
      expect(await s.delete('API_KEY')).toBe(false)
      expect(await s.versions('API_KEY')).toEqual([])
      await s.set('API_KEY', 'again')
      expect(await s.get('API_KEY', kit.ctx)).toBe('again')
    })

    it('returns null for absent records and aligns getMany results with the keys', async () => {
      const scope = toScope(kit.freshScope())
      const s = kit.store().scope(scope.segments)
      await s.set('B', 'b')
      await s.set('A', 'a')
      expect(await kit.backend.get(scope, 'NOPE')).toBeNull()
      const records = await kit.backend.getMany(scope, [
        { name: 'A' },
        { name: 'NOPE' },
        { name: 'B' },
        { name: 'A' },
      ])
      expect(records.map((r) => r?.name ?? null)).toEqual(['A', null, 'B', 'A'])
      expect(records[0]!.version).toBe(1)
      expect(records[0]!.payload).toBeInstanceOf(Uint8Array)
      expect(records[0]!.createdAt).toBeInstanceOf(Date)
      expect(await kit.backend.getMany(scope, [])).toEqual([])
    })

    it('keeps metadata: description (kept when omitted, cleared by null), createdBy, previousExpiresAt', async () => {
      const scope = toScope(kit.freshScope())
      const base = { createdBy: 'kit', previousExpiresAt: null }
      const sealer = createEnvelopeCipher({ keyring: ringA })
      const payload = () =>
        kit.caps.envelope
          ? sealer.seal('metadata test', new Uint8Array())
          : new TextEncoder().encode('x')
      await kit.backend.put(scope, 'M', {
        ...base,
        payload,
        description: 'bot token',
        requestId: globalThis.crypto.randomUUID(),
      })
      const v2 = await kit.backend.put(scope, 'M', {
        ...base,
        payload,
        requestId: globalThis.crypto.randomUUID(),
      })
      expect(v2).toMatchObject({
        name: 'M',
        version: 2,
        description: 'bot token',
        createdBy: 'kit',
      })
      const until = new Date(Date.now() + 60_000)
      await kit.backend.put(scope, 'M', {
        payload,
        description: null,
        createdBy: 'rotator',
        previousExpiresAt: until,
        requestId: globalThis.crypto.randomUUID(),
      })
      const latest = await kit.backend.get(scope, 'M')
      expect(latest).toMatchObject({ version: 3, description: null, createdBy: 'rotator' })
      expect(Math.abs(latest!.previousExpiresAt!.getTime() - until.getTime())).toBeLessThan(1000)
    })

    it('isolates scopes: same names, prefix-sharing scopes, list and delete', async () => {
      const id = kit.uniqueId()
      const scopes: Array<Record<string, string>> = [
        { tenant: `iso-${id}` },
        { tenant: `iso-${id}`, user: 'bob' },
        { tenant: `iso-${id}-x` },
        { tenant: `iso-${id}/user` },
      ]
      const st = kit.store()
      for (const [i, sc] of scopes.entries()) await st.scope(sc).set('SHARED', `value-${i}`)
      for (const [i, sc] of scopes.entries()) {
        const s = st.scope(sc)
        expect(await s.get('SHARED', kit.ctx)).toBe(`value-${i}`)
        const page = await s.list()
        expect(page.items.map((x) => x.name)).toEqual(['SHARED'])
      }
      await st.scope({ tenant: `iso-${id}`, user: 'alice' }).set('ONLY_ALICE', 'a')
      await expect(st.scope(scopes[1]!).get('ONLY_ALICE', kit.ctx)).rejects.toBeInstanceOf(
        SecretNotFoundError,
      )
      expect(await st.scope(scopes[0]!).delete('SHARED')).toBe(true)
      for (const [i, sc] of scopes.entries()) {
        if (i > 0) expect(await st.scope(sc).get('SHARED', kit.ctx)).toBe(`value-${i}`)
      }
    })

    it('lists in name order, paged without gaps or repeats, with a literal prefix filter', async () => {
      const s = kit.store().scope(kit.freshScope())
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
      const s = kit.store().scope(kit.freshScope({ zone: 'zürich ☃' }))
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
        expect(await s.get(`path/to.secret-${i}`, kit.ctx)).toBe(v)
    })

    it('accepts the maximum value size and rejects one byte more before any I/O', async () => {
      const counted = countingBackend(kit.backend)
      const limit =
        kit.caps.maxPayloadBytes === undefined
          ? 64 * 1024
          : Math.min(64 * 1024, kit.caps.maxPayloadBytes - 512)
      const s = createSecrets({
        backend: counted.backend,
        keyring: ringA,
        audit: kit.audit,
        maxValueBytes: limit,
      }).scope(kit.freshScope())
      const max = `${'x'.repeat(limit - 3)}€`
      await s.set('BIG', max)
      expect(await s.get('BIG', kit.ctx)).toBe(max)
      counted.reset()
      await expect(s.set('BIG', `${max}x`)).rejects.toBeInstanceOf(InvalidValueError)
      expect(counted.calls.put ?? 0).toBe(0)
      expect(await s.get('BIG', kit.ctx)).toBe(max)
    })

    it('reads many names with one backend call', async () => {
      const counted = countingBackend(kit.backend)
      const n = kit.options.batchSize ?? 500
      const scope = kit.freshScope()
      const writer = kit.store().scope(scope)
      const names = Array.from({ length: n }, (_, i) => `BATCH_${i}`)
      await Promise.all(names.map((name, i) => writer.set(name, `value-${i}`)))
      const s = createSecrets({ backend: counted.backend, keyring: ringA, audit: kit.audit }).scope(
        scope,
      )
      const values = await s.getMany(names, kit.ctx)
      expect(counted.calls.getMany).toBe(1)
      expect(counted.calls.get ?? 0).toBe(0)
      expect(Object.keys(values)).toHaveLength(n)
      expect(values.BATCH_7).toBe('value-7')
    })

    it('never stores the value in metadata, nor (for envelope backends) anywhere', async () => {
      const s = kit.store().scope(kit.freshScope())
      const secrets = [marker('alpha'), marker('beta'), `${marker('gamma')}-€-日本`]
      for (const [i, v] of secrets.entries()) {
        await s.set(`LEAK_${i}`, v, { description: 'no value here', accessor: 'kit' })
        await s.rotate(`LEAK_${i}`, `${v}-rotated`, { accessor: 'kit' })
      }
      const storage = await kit.options.raw(kit.backend)
      expect(storage.stored.length).toBeGreaterThan(0)
      const needles = secrets.flatMap((v) => [...encodings(v), ...encodings(`${v}-rotated`)])
      expect(containsAny(storage.metadata, needles)).toBeUndefined()
      if (kit.caps.envelope) expect(containsAny(storage.stored, needles)).toBeUndefined()
    })

    it('rejects a payload moved to another scope or name (envelope backends)', async () => {
      if (!kit.caps.envelope) return
      const from = toScope(kit.freshScope())
      const to = toScope(kit.freshScope())
      await kit.store().scope(from.segments).set('ORIGINAL', marker('moved'))
      const record = (await kit.backend.get(from, 'ORIGINAL'))!
      const meta = { createdBy: 'attacker', previousExpiresAt: null }
      await kit.backend.put(to, 'ORIGINAL', {
        ...meta,
        payload: () => record.payload,
        requestId: globalThis.crypto.randomUUID(),
      })
      await kit.backend.put(from, 'RENAMED', {
        ...meta,
        payload: () => record.payload,
        requestId: globalThis.crypto.randomUUID(),
      })
      await expect(kit.store().scope(to.segments).get('ORIGINAL', kit.ctx)).rejects.toBeInstanceOf(
        DecryptionError,
      )
      await expect(kit.store().scope(from.segments).get('RENAMED', kit.ctx)).rejects.toBeInstanceOf(
        DecryptionError,
      )
    })
  })
}
