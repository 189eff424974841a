import { InvalidArgumentError } from '@secrets/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  bearerTokens,
  createSecretsApi,
  hashApiToken,
  parseApiTokens,
  type SecretsApi,
} from '../src/index.js'
import {
  apiOver,
  type CallOptions,
  openStore,
  type Store,
  TOKENS,
  watchedCollector,
} from './_harness.js'

const { value, onError, call: send } = watchedCollector()
let store: Store
let api: SecretsApi
const call = (method: string, path: string, options?: CallOptions) =>
  send(api.fetch, method, `http://api.test${path}`, options)

beforeAll(async () => {
  store = await openStore('sqlite')
  api = await apiOver(store, onError, { allowValueReads: true })
})
afterAll(async () => {
  await store?.close()
})

describe('authorize', () => {
  it('401 with WWW-Authenticate for no or unknown credentials, before anything else', async () => {
    for (const token of [null, undefined] as const) {
      const options: CallOptions =
        token === null ? { token } : { token: null, headers: { authorization: 'Bearer nope' } }
      for (const [method, path] of [
        ['GET', '/secrets'],
        ['GET', '/secrets/x'],
        ['PATCH', '/secrets/x'],
        ['DELETE', '/secrets/x'],
      ]) {
        const r = await call(method!, path!, options)
        expect([r.status, r.body.error.code]).toEqual([401, 'UNAUTHORIZED'])
        expect(r.headers.get('www-authenticate')).toBe('Bearer realm="secrets"')
      }
    }
    const basic = await call('GET', '/secrets', {
      token: null,
      headers: { authorization: 'Basic eDp5' },
    })
    expect(basic.status).toBe(401)
  })

  it('403 FORBIDDEN for every mutation without canWrite; reads pass', async () => {
    await call('POST', '/secrets', { body: { name: 'ro', value: value() } })
    const attempts = [
      ['POST', '/secrets', { name: 'ro2', value: value() }],
      ['PUT', '/secrets/ro', { value: value() }],
      ['DELETE', '/secrets/ro', undefined],
      ['POST', '/secrets/ro/rotate', { value: value() }],
      ['POST', '/secrets/ro/rotate', undefined],
    ] as const
    for (const [method, path, body] of attempts) {
      const r = await call(method, path, { token: 'reader', body })
      expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN'])
    }
    expect((await call('GET', '/secrets/ro', { token: 'reader' })).status).toBe(200)
    expect((await call('GET', '/secrets', { token: 'reader' })).status).toBe(200)
  })

  it('takes the scope from authorize only: another tenant can neither see nor change acme', async () => {
    const acme = value('acme')
    await call('POST', '/secrets', { body: { name: 'shared', value: acme } })
    const probe = { headers: { 'x-scope': 'tenant=acme', cookie: 'tenant=acme' } }
    const get = await call('GET', '/secrets/shared?tenant=acme', { token: 'globex', ...probe })
    expect([get.status, get.body.error.code]).toEqual([404, 'SECRET_NOT_FOUND'])
    const list = await call('GET', '/secrets?prefix=shared&tenant=acme', { token: 'globex' })
    expect(list.body.items).toEqual([])
    expect((await call('GET', '/secrets/shared/value?reason=x', { token: 'globex' })).status).toBe(
      404,
    )
    expect((await call('DELETE', '/secrets/shared', { token: 'globex' })).status).toBe(404)
    expect(
      (await call('POST', '/secrets/shared/rotate', { token: 'globex', body: { value: value() } }))
        .status,
    ).toBe(404)
    const smuggled = await call('POST', '/secrets', {
      token: 'globex',
      body: { name: 'shared', value: value(), tenant: 'acme' },
    })
    expect(smuggled.status).toBe(400)
    // globex writes its own "shared"; acme's is untouched
    expect(
      (await call('PUT', '/secrets/shared', { token: 'globex', body: { value: value() } })).status,
    ).toBe(201)
    const read = await store.secrets.scope({ tenant: 'acme' }).get('shared', { accessor: 't' })
    expect(read).toBe(acme)
    const log = await call('GET', '/secrets/shared/access-log', { token: 'globex' })
    expect(
      log.body.items.every(
        (e: { scope: object }) => JSON.stringify(e.scope) === '{"tenant":"globex"}',
      ),
    ).toBe(true)
  })

  it('runs authorize exactly once per request, and not for paths outside basePath', async () => {
    let calls = 0
    const counted = createSecretsApi({
      secrets: store.secrets,
      authorize: () => {
        calls++
        return null
      },
    })
    for (const path of ['/secrets', '/secrets/x', '/secrets/x/rotate']) {
      calls = 0
      await send(counted.fetch, 'GET', `http://api.test${path}`)
      expect(calls, path).toBe(1)
    }
    calls = 0
    await send(counted.fetch, 'GET', 'http://api.test/openapi.json')
    await send(counted.fetch, 'GET', 'http://api.test/secretsx')
    expect(calls).toBe(0)
  })

  it('answers 500 with no detail when authorize throws or returns junk', async () => {
    const reports: unknown[] = []
    for (const authorize of [
      () => {
        throw new Error(`database said ${value('leak')}`)
      },
      () => ({ accessor: '', scope: {}, canWrite: true }),
      () => ({ accessor: 'x', scope: { Bad: 'x' }, canWrite: false }),
    ]) {
      const broken = createSecretsApi({
        secrets: store.secrets,
        authorize,
        onError: (e) => {
          reports.push(e)
          onError(e)
        },
      })
      const r = await send(broken.fetch, 'GET', 'http://api.test/secrets/x')
      expect(r.status).toBe(500)
      expect(r.body.error.message).not.toMatch(/database|authorize|scope/i)
    }
    expect(reports.map((e) => (e as { code: string }).code)).toEqual([
      'INTERNAL',
      'INTERNAL',
      'INVALID_SCOPE',
    ])
  })
})

describe('CSRF', () => {
  const cookie = { cookie: 'session=abc' }
  it('refuses a mutation with cookies from a foreign Origin or Sec-Fetch-Site, before authorize', async () => {
    let asked = 0
    const counted = createSecretsApi({
      secrets: store.secrets,
      authorize: async (request) => {
        asked++
        return request.headers.has('cookie')
          ? { accessor: 'session:u', scope: { tenant: 'acme' }, canWrite: true }
          : null
      },
      allowedOrigins: ['https://admin.example.com'],
      onError,
    })
    const body = { name: 'csrf', value: value() }
    for (const headers of [
      { ...cookie, origin: 'https://evil.example' },
      { ...cookie, 'sec-fetch-site': 'cross-site' },
      { ...cookie, 'sec-fetch-site': 'same-site' },
    ]) {
      const r = await send(counted.fetch, 'POST', 'http://api.test/secrets', {
        token: null,
        body,
        headers,
      })
      expect([r.status, r.body.error.code]).toEqual([403, 'CSRF_REFUSED'])
    }
    expect(asked).toBe(0)
    const same = await send(counted.fetch, 'POST', 'http://api.test/secrets', {
      token: null,
      body,
      headers: { ...cookie, origin: 'http://api.test' },
    })
    expect(same.status).toBe(201)
    const allowed = await send(counted.fetch, 'PUT', 'http://api.test/secrets/csrf', {
      token: null,
      body: { value: value() },
      headers: { ...cookie, origin: 'https://admin.example.com', 'sec-fetch-site': 'same-site' },
    })
    expect(allowed.status).toBe(200)
    // Reads and cookie-less requests are not concerned.
    const read = await send(counted.fetch, 'GET', 'http://api.test/secrets/csrf', {
      token: null,
      headers: { ...cookie, origin: 'https://evil.example' },
    })
    expect(read.status).toBe(200)
  })

  it('lets bearer requests from any origin through (no ambient credentials)', async () => {
    const r = await call('POST', '/secrets', {
      body: { name: 'cors', value: value() },
      headers: { origin: 'https://elsewhere.example' },
    })
    expect(r.status).toBe(201)
  })
})

describe('bearerTokens, hashApiToken, parseApiTokens', () => {
  it('hashes with SHA-256 (hex) and matches only the exact token', async () => {
    expect(await hashApiToken('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
    const authorize = bearerTokens({
      tokens: [
        {
          sha256: await hashApiToken('t-one'),
          accessor: 'a',
          scope: { tenant: 'x' },
          canWrite: true,
        },
        { sha256: await hashApiToken('t-two'), accessor: 'b', scope: {}, canWrite: false },
      ],
    })
    const as = (header: string) =>
      authorize(new Request('http://x/', { headers: { authorization: header } }))
    expect(await as('Bearer t-two')).toEqual({ accessor: 'b', scope: {}, canWrite: false })
    expect(await as('bearer   t-one')).toMatchObject({ accessor: 'a', scope: { tenant: 'x' } })
    for (const header of ['Bearer t-on', 'Bearer t-one2', 'Bearer', 'Token t-one', 'Bearer t one'])
      expect(await as(header)).toBeNull()
    expect(await authorize(new Request('http://x/'))).toBeNull()
  })

  it('refuses no tokens, raw tokens, duplicates and bad scopes', async () => {
    const sha256 = await hashApiToken('t')
    const grant = { accessor: 'a', scope: {}, canWrite: false }
    expect(() => bearerTokens({ tokens: [] })).toThrow(InvalidArgumentError)
    await expect(hashApiToken('')).rejects.toThrow(InvalidArgumentError)
    expect(() => bearerTokens({ tokens: [{ ...grant, sha256: 'plain-token' }] })).toThrow(
      /never the token/,
    )
    expect(() =>
      bearerTokens({
        tokens: [
          { ...grant, sha256 },
          { ...grant, sha256 },
        ],
      }),
    ).toThrow(/same sha256/)
    expect(() => bearerTokens({ tokens: [{ ...grant, sha256, scope: { T: 'x' } }] })).toThrow()
    expect(() => bearerTokens({ tokens: [{ ...grant, sha256, accessor: '' }] })).toThrow(/accessor/)
  })

  it('parses SECRETS_API_TOKENS entries, and refuses none or a malformed one without echoing it', async () => {
    const a = await hashApiToken('a')
    const b = await hashApiToken('b')
    const tokens = parseApiTokens(
      `sha256:${a.toUpperCase()}:rw:tenant=acme:ci:deploy,\n  sha256:${b}:ro:tenant=acme;zone=eu%3Bwest:user:alice%2Cbob`,
    )
    expect(tokens).toEqual([
      { sha256: a, accessor: 'ci:deploy', scope: { tenant: 'acme' }, canWrite: true },
      {
        sha256: b,
        accessor: 'user:alice,bob',
        scope: { tenant: 'acme', zone: 'eu;west' },
        canWrite: false,
      },
    ])
    expect(parseApiTokens(`sha256:${a}:ro::ops`)[0]!.scope).toEqual({})
    for (const missing of [undefined, '', ' , '])
      expect(() => parseApiTokens(missing)).toThrow(/SECRETS_API_TOKENS is not set/)
    const raw = TOKENS.writer
    for (const bad of [
      raw,
      `sha256:${a}:rx::u`,
      `sha256:${a}:rw:tenant:u`,
      `sha256:${a}:rw:`,
      `sha256:abc:rw::u`,
    ]) {
      let message = ''
      try {
        parseApiTokens(`sha256:${b}:ro::ok ${bad}`)
      } catch (e) {
        message = (e as Error).message
      }
      expect(message).toMatch(/^SECRETS_API_TOKENS entry 2/)
      expect(message).not.toContain(raw)
    }
    expect(() =>
      bearerTokens({ tokens: parseApiTokens(`sha256:${a}:rw:tenant=acme:ci`) }),
    ).not.toThrow()
  })
})
