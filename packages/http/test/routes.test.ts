import {
  createEnvelopeCipher,
  createSecrets,
  generateMasterKey,
  Keyring,
  toScope,
} from '@secrets/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SecretsApi } from '../src/index.js'
import { apiOver, type CallOptions, openStore, type Store, watchedCollector } from './_harness.js'

const { value, onError, call: send } = watchedCollector()

const OLD = generateMasterKey()
const NEW = generateMasterKey()

describe.each(['sqlite', 'memory'] as const)('routes on %s', (kind) => {
  let store: Store
  let api: SecretsApi
  const call = (method: string, path: string, options?: CallOptions) =>
    send(api.fetch, method, `http://api.test${path}`, options)
  const create = (name: string, v = value(), description?: string) =>
    call('POST', '/secrets', { body: { name, value: v, ...(description ? { description } : {}) } })

  beforeAll(async () => {
    store = await openStore(kind, {
      keyring: Keyring.fromKeys({ primary: 'new', keys: { old: OLD, new: NEW } }),
    })
    api = await apiOver(store, onError, { allowValueReads: true })
  })
  afterAll(() => store?.close())

  describe('POST /', () => {
    it('creates: 201 { name, version }, ETag and Location; 409 when it exists', async () => {
      const created = await create('stripe/api-key', value(), 'Stripe')
      expect(created.status).toBe(201)
      expect(created.body).toEqual({ name: 'stripe/api-key', version: 1 })
      expect(created.headers.get('etag')).toBe('"1"')
      expect(created.headers.get('location')).toBe('/secrets/stripe%2Fapi-key')
      expect(created.headers.get('cache-control')).toBe('no-store')
      const again = await create('stripe/api-key')
      expect(again.status).toBe(409)
      expect(again.body.error.code).toBe('CONFLICT')
    })

    it('refuses a bad name, a bad value and unknown fields with 400 and the library codes', async () => {
      expect((await create('../up')).body.error.code).toBe('INVALID_NAME')
      const notString = await call('POST', '/secrets', { body: { name: 'N', value: 42 } })
      expect([notString.status, notString.body.error.code]).toEqual([400, 'INVALID_VALUE'])
      const extra = await call('POST', '/secrets', {
        body: { name: 'N', value: value(), scope: { tenant: 'globex' } },
      })
      expect([extra.status, extra.body.error.code]).toEqual([400, 'INVALID_ARGUMENT'])
      const malformed = await call('POST', '/secrets', { body: '{"name":' })
      expect([malformed.status, malformed.body.error.code]).toEqual([400, 'INVALID_ARGUMENT'])
    })

    it('wants application/json: 415 otherwise', async () => {
      const text = await call('POST', '/secrets', {
        body: JSON.stringify({ name: 'T', value: value() }),
        headers: { 'content-type': 'text/plain' },
      })
      expect([text.status, text.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE'])
    })
  })

  describe('GET /', () => {
    it('lists names, descriptions, versions, updatedAt and updatedBy, paged, never a value', async () => {
      for (const n of ['list/a', 'list/b', 'list/c']) await create(n, value(), `about ${n}`)
      await call('PUT', `/secrets/${encodeURIComponent('list/b')}`, { body: { value: value() } })
      const first = await call('GET', '/secrets?prefix=list/&limit=2')
      expect(first.status).toBe(200)
      expect(first.body.items.map((i: { name: string }) => i.name)).toEqual(['list/a', 'list/b'])
      expect(first.body.items[1]).toMatchObject({
        description: 'about list/b',
        version: 2,
        updatedBy: 'ci:writer',
      })
      expect(Date.parse(first.body.items[1].updatedAt)).toBeGreaterThanOrEqual(
        Date.parse(first.body.items[1].createdAt),
      )
      const rest = await call(
        'GET',
        `/secrets?prefix=list/&limit=2&cursor=${encodeURIComponent(first.body.cursor)}`,
      )
      expect(rest.body).toMatchObject({ items: [{ name: 'list/c' }], cursor: null })
    })

    it('checks the query: 400 for a limit out of range or a bad prefix', async () => {
      expect((await call('GET', '/secrets?limit=0')).status).toBe(400)
      expect((await call('GET', '/secrets?limit=abc')).status).toBe(400)
      expect((await call('GET', '/secrets?prefix=%25')).body.error.code).toBe('INVALID_ARGUMENT')
      expect((await call('GET', '/secrets?cursor=garbage')).body.error.code).toBe(
        'INVALID_ARGUMENT',
      )
    })
  })

  describe('GET /{name}', () => {
    it("returns the metadata and every version's, newest first, with an ETag", async () => {
      await create('meta', value(), 'first')
      await call('PUT', '/secrets/meta', { body: { value: value(), description: 'second' } })
      const got = await call('GET', '/secrets/meta')
      expect(got.status).toBe(200)
      expect(got.headers.get('etag')).toBe('"2"')
      expect(got.body).toMatchObject({ name: 'meta', description: 'second', version: 2 })
      expect(got.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1])
      expect(got.body.versions[1]).toMatchObject({ description: 'first', createdBy: 'ci:writer' })
      expect((await call('HEAD', '/secrets/meta')).status).toBe(200)
    })

    it('404 SECRET_NOT_FOUND for an absent name; 400 INVALID_NAME for a bad one', async () => {
      const absent = await call('GET', '/secrets/absent')
      expect([absent.status, absent.body.error.code]).toEqual([404, 'SECRET_NOT_FOUND'])
      const bad = await call('GET', '/secrets/a%20b')
      expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_NAME'])
    })

    it('takes names that look like routes or the document', async () => {
      for (const name of ['ui', 'openapi.json', 'rotate', 'value', 'access-log', 'a/value']) {
        expect((await create(name)).status).toBe(201)
        const got = await call('GET', `/secrets/${encodeURIComponent(name)}`)
        expect([got.status, got.body.name]).toEqual([200, name])
      }
      expect((await call('GET', '/openapi.json', { token: null })).body.openapi).toBe('3.1.0')
    })
  })

  describe('PUT /{name}', () => {
    it('writes a new version (201 when it creates the secret), with ETag', async () => {
      const made = await call('PUT', '/secrets/put', { body: { value: value() } })
      expect([made.status, made.body.version, made.headers.get('etag')]).toEqual([201, 1, '"1"'])
      const next = await call('PUT', '/secrets/put', { body: { value: value() } })
      expect([next.status, next.body.version, next.headers.get('etag')]).toEqual([200, 2, '"2"'])
    })

    it('If-Match makes it compare-and-set: 412 CONFLICT when stale', async () => {
      await call('PUT', '/secrets/cas', { body: { value: value() } })
      const ok = await call('PUT', '/secrets/cas', {
        body: { value: value() },
        headers: { 'if-match': '"1"' },
      })
      expect([ok.status, ok.body.version]).toEqual([200, 2])
      const stale = await call('PUT', '/secrets/cas', {
        body: { value: value() },
        headers: { 'if-match': '"1"' },
      })
      expect([stale.status, stale.body.error.code]).toEqual([412, 'CONFLICT'])
      expect((await call('GET', '/secrets/cas')).body.version).toBe(2)
      const missing = await call('PUT', '/secrets/never', {
        body: { value: value() },
        headers: { 'if-match': '"1"' },
      })
      expect(missing.status).toBe(412)
      const put = (ifMatch: string) =>
        call('PUT', '/secrets/cas', { body: { value: value() }, headers: { 'if-match': ifMatch } })
      // RFC 9110: strong comparison, lists, `*`; a weak or malformed tag never matches.
      for (const never of ['W/"2"', '2', '"x"', '"2', '"1", W/"2"'])
        expect((await put(never)).status).toBe(412)
      expect((await put('"1", "2"')).body.version).toBe(3)
      expect((await put('*')).body.version).toBe(4)
      const absent = await call('PUT', '/secrets/absent-star', {
        body: { value: value() },
        headers: { 'if-match': '*' },
      })
      expect([absent.status, absent.body.error.code]).toEqual([412, 'CONFLICT'])
    })
  })

  describe('DELETE /{name}', () => {
    it('204, then 404', async () => {
      await create('gone')
      const deleted = await call('DELETE', '/secrets/gone')
      expect([deleted.status, deleted.text]).toEqual([204, ''])
      expect(deleted.headers.get('cache-control')).toBe('no-store')
      const again = await call('DELETE', '/secrets/gone')
      expect([again.status, again.body.error.code]).toEqual([404, 'SECRET_NOT_FOUND'])
    })
  })

  describe('POST /{name}/rotate', () => {
    it('with a value: a new version whose predecessor stays valid for the overlap', async () => {
      const before = value()
      const after = value()
      await create('hook', before)
      const rotated = await call('POST', '/secrets/hook/rotate', {
        body: { value: after, overlapSeconds: 3600 },
      })
      expect(rotated.status).toBe(200)
      expect(rotated.body).toEqual({ mode: 'value', name: 'hook', version: 2 })
      const active = await store.secrets
        .scope({ tenant: 'acme' })
        .getActive('hook', { accessor: 't' })
      expect(active.current.value).toBe(after)
      expect(active.previous?.value).toBe(before)
      expect(active.previous!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3500_000)
      expect(
        (await call('POST', '/secrets/absent/rotate', { body: { value: value() } })).status,
      ).toBe(404)
      const orphan = await call('POST', '/secrets/hook/rotate', { body: { overlapSeconds: 5 } })
      expect(orphan.status).toBe(400)
    })

    it('without a value: rewraps every version under the primary key, values unchanged', async () => {
      const old = createSecrets({
        backend: store.backend,
        keyring: Keyring.fromKeys({ keys: { old: OLD } }),
        audit: false,
      }).scope({ tenant: 'acme' })
      const [v1, v2] = [value(), value()]
      await old.set('legacy', v1)
      await old.set('legacy', v2)
      const rewrapped = await call('POST', '/secrets/legacy/rotate')
      expect(rewrapped.body).toEqual({
        mode: 'rewrap',
        name: 'legacy',
        version: 2,
        versions: 2,
        rewrapped: 2,
      })
      expect(rewrapped.headers.get('etag')).toBe('"2"')
      const ring = Keyring.fromKeys({ primary: 'new', keys: { old: OLD, new: NEW } })
      const cipher = createEnvelopeCipher({ keyring: ring })
      const stored = await store.backend.getMany(toScope({ tenant: 'acme' }), [
        { name: 'legacy', version: 1 },
        { name: 'legacy', version: 2 },
      ])
      for (const record of stored) {
        expect(cipher.keyIdOf(record!.payload)).toBe(ring.fingerprintOf('new'))
      }
      const newOnly = createSecrets({
        backend: store.backend,
        keyring: Keyring.fromKeys({ keys: { new: NEW } }),
        audit: false,
      }).scope({ tenant: 'acme' })
      expect(await newOnly.get('legacy', { accessor: 't', version: 1 })).toBe(v1)
      expect(await newOnly.get('legacy', { accessor: 't' })).toBe(v2)
      const again = await call('POST', '/secrets/legacy/rotate', { body: {} })
      expect(again.body.rewrapped).toBe(0)
      expect((await call('POST', '/secrets/absent/rotate')).status).toBe(404)
    })
  })

  describe('GET /{name}/value', () => {
    it('an audited read with the caller as accessor, Cache-Control: no-store', async () => {
      const secret = value()
      await create('readable', secret)
      const read = await call('GET', '/secrets/readable/value?reason=deploy%20check', {
        token: 'reader',
      })
      expect(read.status).toBe(200)
      expect(read.body).toEqual({ name: 'readable', version: 1, value: secret })
      expect(read.headers.get('cache-control')).toBe('no-store')
      const events = await store.events({ tenant: 'acme' })
      expect(events.find((e) => e.action === 'read' && e.name === 'readable')).toMatchObject({
        accessor: 'user:reader',
        reason: 'deploy check',
        version: 1,
        outcome: 'success',
      })
      expect((await call('GET', '/secrets/readable/value')).status).toBe(400)
      expect((await call('GET', '/secrets/readable/value?reason=x&version=9')).status).toBe(404)
    })
  })
})
