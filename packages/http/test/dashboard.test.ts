/**
 * The operator's page (`ui: true`): where it is served, with which headers,
 * compressed and revalidated how, which options are refused, and that it is
 * public while the API it calls is not.
 */
import { gunzipSync } from 'node:zlib'
import { InvalidArgumentError } from '@secrets/core'
import { DASHBOARD_CSP } from '@secrets/dashboard'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Authorize,
  bearerTokens,
  createSecretsApi,
  type SecretsApi,
  type SecretsApiOptions,
} from '../src/index.js'
import {
  apiOver,
  apiTokens,
  type CallOptions,
  openStore,
  type Reply,
  type Store,
  watchedCollector,
} from './_harness.js'

const { value, onError, call: send } = watchedCollector()
let store: Store
let api: SecretsApi
const call = (method: string, path: string, options?: CallOptions, on = api) =>
  send(on.fetch, method, `http://api.test${path}`, options)
/** A page request: no token unless told. */
const page = (path: string, headers: Record<string, string> = {}, on = api) =>
  call('GET', path, { token: null, headers }, on)
/** The bytes of a response, as sent (no decoding by `fetch` in process). */
const raw = async (path: string, headers: Record<string, string> = {}, on = api) => {
  const response = await on.fetch(new Request(`http://api.test${path}`, { headers }))
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) }
}
/** Bytes as UTF-8 text (fast to compare, readable when not equal). */
const text = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes)
/** The `./assets/…` files an HTML page refers to, by attribute. */
const assetsOf = (html: string) =>
  [...html.matchAll(/\s(src|href)="(\.\/assets\/[^"]+)"/g)].map((m) => ({
    attribute: m[1]!,
    path: m[2]!,
  }))

beforeAll(async () => {
  store = await openStore('sqlite')
  api = await apiOver(store, onError, { ui: true })
  expect(
    (await call('POST', '/secrets', { body: { name: 'PAGE_KEY', value: value() } })).status,
  ).toBe(201)
})
afterAll(async () => {
  await store?.close()
})

describe('the operator page', () => {
  it('is not served without ui: true (404 NOT_FOUND, JSON)', async () => {
    const off = await apiOver(store, onError)
    for (const path of ['/ui', '/ui/', '/ui/assets/x.js']) {
      const r = await page(path, {}, off)
      expect([r.status, r.body?.error?.code]).toEqual([404, 'NOT_FOUND'])
      expect(r.headers.get('content-type')).toContain('application/json')
      expect(r.headers.get('content-security-policy')).toBeNull()
    }
  })

  it('redirects uiPath to uiPath/ with 308', async () => {
    const r = await page('/ui')
    expect(r.status).toBe(308)
    expect(r.headers.get('location')).toBe('/ui/')
  })

  it('serves uiPath/ as HTML with the CSP and the security headers, not cached without revalidation', async () => {
    const r = await page('/ui/')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(r.headers.get('content-security-policy')).toBe(DASHBOARD_CSP)
    expect(r.headers.get('x-frame-options')).toBe('DENY')
    expect(r.headers.get('referrer-policy')).toBe('no-referrer')
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    expect(r.headers.get('cache-control')).toBe('no-cache')
    expect(r.headers.get('etag')).toMatch(/^"[^"]+"$/)
    expect(r.text).toMatch(/^<!doctype html>/i)
  })

  it('refers to its script and stylesheet relatively, each served with its type and cached for good', async () => {
    const { text } = await page('/ui/')
    const assets = assetsOf(text)
    expect(new Set(assets.map((a) => a.attribute))).toEqual(new Set(['href', 'src']))
    expect(text).toMatch(/<script\b[^>]*\ssrc="\.\/assets\/[^"]+\.js"/)
    expect(text).toMatch(/<link\b[^>]*rel="stylesheet"[^>]*href="\.\/assets\/[^"]+\.css"/)
    expect(text).not.toMatch(/\s(src|href)="\/(?!\/)/) // nothing absolute: the page works under any uiPath
    for (const { path } of assets) {
      const r = await page(`/ui/${path.slice(2)}`)
      expect(r.status, path).toBe(200)
      expect(r.headers.get('content-type'), path).toBe(
        path.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
      )
      expect(r.headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable')
      expect(r.headers.get('content-security-policy'), path).toBe(DASHBOARD_CSP)
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(r.text.length, path).toBeGreaterThan(0)
    }
  })

  it('has no inline script and no style attribute (the CSP allows neither)', async () => {
    const { text } = await page('/ui/')
    const scripts = [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)]
    expect(scripts.length).toBeGreaterThan(0)
    for (const [, content] of scripts) expect(content!.trim()).toBe('')
    expect(text).not.toMatch(/\sstyle\s*=/i)
    expect(text).not.toMatch(/\son[a-z]+\s*=/i) // no inline event handlers either
  })

  it('points the page at the API basePath, also a custom one (with its own ETag)', async () => {
    const meta = (html: string) => /<meta name="secrets-api-base" content="([^"]*)"/.exec(html)?.[1]
    const plain = await page('/ui/')
    expect(meta(plain.text)).toBe('/secrets')
    const custom = await apiOver(store, onError, { ui: true, basePath: '/api/secrets' })
    const moved = await page('/ui/', {}, custom)
    expect(moved.status).toBe(200)
    expect(meta(moved.text)).toBe('/api/secrets')
    expect(moved.headers.get('etag')).toMatch(/^"[^"]+"$/)
    expect(moved.headers.get('etag')).not.toBe(plain.headers.get('etag'))
    // and the API moved with it, the guard too
    expect((await call('GET', '/api/secrets', { token: null }, custom)).status).toBe(401)
    expect((await call('GET', '/api/secrets', {}, custom)).status).toBe(200)
  })

  it('gzips when Accept-Encoding allows it, the same bytes once decompressed, with Vary', async () => {
    const plain = await raw('/ui/')
    expect(plain.response.headers.get('content-encoding')).toBeNull()
    expect(plain.response.headers.get('vary')).toBe('Accept-Encoding')
    const assets = assetsOf(text(plain.bytes)).map((a) => a.path.slice(2))
    for (const path of ['', ...assets]) {
      const identity = await raw(`/ui/${path}`)
      for (const accept of ['gzip', 'gzip, deflate, br', 'br;q=1, gzip;q=0.5', '*']) {
        const zipped = await raw(`/ui/${path}`, { 'Accept-Encoding': accept })
        expect(zipped.response.status).toBe(200)
        expect(zipped.response.headers.get('content-encoding'), `${path} ${accept}`).toBe('gzip')
        expect(zipped.response.headers.get('vary')).toBe('Accept-Encoding')
        expect(zipped.response.headers.get('content-type')).toBe(
          identity.response.headers.get('content-type'),
        )
        expect(zipped.bytes.subarray(0, 2)).toEqual(new Uint8Array([0x1f, 0x8b]))
        expect(gunzipSync(zipped.bytes).toString('utf8')).toBe(text(identity.bytes))
      }
    }
    const js = assets.find((p) => p.endsWith('.js'))!
    const [big, small] = [
      await raw(`/ui/${js}`),
      await raw(`/ui/${js}`, { 'Accept-Encoding': 'gzip' }),
    ]
    expect(small.bytes.length).toBeLessThan(big.bytes.length / 2)
  })

  it('sends identity to a client that refuses gzip (q=0), or asks for none', async () => {
    const identity = await raw('/ui/')
    for (const accept of ['gzip;q=0', 'GZIP; q=0.0', 'br', 'identity', 'gzip;q=0, *', '*;q=0']) {
      const r = await raw('/ui/', { 'Accept-Encoding': accept })
      expect(r.response.status).toBe(200)
      expect(r.response.headers.get('content-encoding'), accept).toBeNull()
      expect(text(r.bytes), accept).toBe(text(identity.bytes))
    }
  })

  it('answers If-None-Match with the ETag by 304 without a body, one tag per encoding', async () => {
    const first = await page('/ui/')
    const { text } = first
    const asset = `/ui/${assetsOf(text)[0]!.path.slice(2)}`
    const tags: string[] = []
    for (const extra of [{}, { 'Accept-Encoding': 'gzip' }] as Record<string, string>[]) {
      const etag = (await raw('/ui/', extra)).response.headers.get('etag')!
      const assetTag = (await raw(asset, extra)).response.headers.get('etag')!
      tags.push(etag)
      for (const [path, tag] of [
        ['/ui/', etag],
        ['/ui/', `"other", ${etag}`],
        ['/ui/', `W/${etag}`], // If-None-Match compares weakly
        ['/ui/', '*'],
        [asset, assetTag],
      ] as const) {
        const { response, bytes } = await raw(path, { 'If-None-Match': tag, ...extra })
        expect(response.status, `${path} ${tag}`).toBe(304)
        expect(bytes.length).toBe(0)
        expect(response.headers.get('etag')).toBe(path === asset ? assetTag : etag)
        expect(response.headers.get('content-security-policy')).toBe(DASHBOARD_CSP)
      }
    }
    expect(tags[0]).not.toBe(tags[1]) // gzip is a representation of its own
    const other = await raw('/ui/', { 'If-None-Match': tags[0]!, 'Accept-Encoding': 'gzip' })
    expect(other.response.status).toBe(200)
    const stale = await page('/ui/', { 'If-None-Match': '"stale"' })
    expect(stale.status).toBe(200)
    expect(stale.text).toBe(text)
  })

  it('answers 404 for an unknown asset', async () => {
    for (const path of [
      '/ui/assets/nope.js',
      '/ui/assets/..%2Findex.html',
      '/ui/assets/index.html',
    ]) {
      const r = await page(path)
      expect(r.status, path).toBe(404)
      expect(r.text, path).not.toContain('<html')
    }
    expect((await page('/ui/index.html')).status).toBe(404)
    expect((await page('/ui/assets/')).status).toBe(404)
  })

  it('moves to a custom uiPath', async () => {
    const admin = await apiOver(store, onError, { ui: true, uiPath: '/admin' })
    const redirect = await page('/admin', {}, admin)
    expect([redirect.status, redirect.headers.get('location')]).toEqual([308, '/admin/'])
    const index = await page('/admin/', {}, admin)
    expect(index.status).toBe(200)
    expect(index.headers.get('content-security-policy')).toBe(DASHBOARD_CSP)
    for (const { path } of assetsOf(index.text))
      expect((await page(`/admin/${path.slice(2)}`, {}, admin)).status, path).toBe(200)
    const old = await page('/ui/', {}, admin)
    expect([old.status, old.body?.error?.code]).toEqual([404, 'NOT_FOUND'])
  })

  it('refuses uiPath overlapping basePath or openapiPath, a malformed uiPath, and a ui that is not a boolean', async () => {
    const base = { secrets: store.secrets, authorize: bearerTokens({ tokens: await apiTokens() }) }
    const refused: Array<Partial<SecretsApiOptions> | Record<string, unknown>> = [
      { ui: true, uiPath: '/secrets/ui' },
      { ui: true, uiPath: '/secrets' },
      { ui: true, uiPath: '/api', basePath: '/api/secrets' },
      { ui: true, uiPath: '/openapi.json' },
      { ui: true, uiPath: '/docs', openapiPath: '/docs/openapi.json' },
      { ui: true, uiPath: 'ui' },
      { ui: true, uiPath: '/ui/' },
      { ui: true, uiPath: '/' },
      { ui: true, uiPath: '' },
      { ui: true, uiPath: 42 },
      { ui: 'yes' },
      { ui: 1 },
    ]
    for (const extra of refused) {
      expect(
        () => createSecretsApi({ ...base, ...extra } as SecretsApiOptions),
        JSON.stringify(extra),
      ).toThrow(InvalidArgumentError)
    }
    // what is near but apart is accepted
    for (const extra of [
      { ui: true, uiPath: '/secrets-ui' },
      { ui: true, uiPath: '/admin/ui', basePath: '/api/secrets' },
      { ui: false },
    ])
      expect(() => createSecretsApi({ ...base, ...extra })).not.toThrow()
  })

  it('keeps the page routes out of the OpenAPI document', async () => {
    const paths = Object.keys(api.openapi.paths)
    expect(paths.length).toBeGreaterThan(0)
    for (const path of paths) expect(path.startsWith('/secrets'), path).toBe(true)
    const served = await call('GET', '/openapi.json', { token: null })
    expect(served.text).not.toContain('/ui')
    expect(Object.keys(served.body.paths)).toEqual(paths)
  })

  it('leaves Cache-Control: no-store on the API responses', async () => {
    const replies: Reply[] = [
      await call('GET', '/secrets'),
      await call('GET', '/secrets/PAGE_KEY'),
      await call('GET', '/secrets', { token: null }),
      await call('GET', '/secrets/NOPE'),
      await call('GET', '/openapi.json', { token: null }),
    ]
    expect(replies.map((r) => r.status)).toEqual([200, 200, 401, 404, 200])
    for (const r of replies) {
      expect(r.headers.get('cache-control')).toBe('no-store')
      expect(r.headers.get('content-security-policy')).toBeNull()
    }
  })

  it('needs no token: authorize does not run on the page, while the API still answers 401 without one', async () => {
    const tokens = bearerTokens({ tokens: await apiTokens() })
    const seen: string[] = []
    const authorize: Authorize = (request) => {
      seen.push(new URL(request.url).pathname)
      return tokens(request)
    }
    const counted = createSecretsApi({ secrets: store.secrets, authorize, onError, ui: true })
    const index = await page('/ui/', {}, counted)
    expect(index.status).toBe(200)
    for (const { path } of assetsOf(index.text))
      expect((await page(`/ui/${path.slice(2)}`, {}, counted)).status).toBe(200)
    expect((await page('/ui', {}, counted)).status).toBe(308)
    expect(seen).toEqual([])
    const denied = await call('GET', '/secrets', { token: null }, counted)
    expect([denied.status, denied.body.error.code]).toEqual([401, 'UNAUTHORIZED'])
    expect((await call('GET', '/secrets', {}, counted)).status).toBe(200)
    expect(seen).toEqual(['/secrets', '/secrets'])
  })
})
