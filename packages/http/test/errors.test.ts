import {
  AuditError,
  createSecrets,
  generateMasterKey,
  InvalidArgumentError,
  Keyring,
  memoryBackend,
  type SecretStore,
} from '@secrets/core'
import { describe, expect, it } from 'vitest'
import {
  bearerTokens,
  createSecretsApi,
  SecretsApiError,
  type SecretsApiOptions,
} from '../src/index.js'
import { apiOver, apiTokens, openStore, watchedCollector } from './_harness.js'

const { collected, value, onError, call } = watchedCollector()
const keyring = Keyring.fromMasterKey(generateMasterKey())

/** An API over a store on `backend`, reporting 5xx into `reports` (and the leak check). */
async function apiOn(secrets: Pick<SecretStore, 'scope'>, extra: Partial<SecretsApiOptions> = {}) {
  const reports: unknown[] = []
  const api = createSecretsApi({
    secrets,
    authorize: bearerTokens({ tokens: await apiTokens() }),
    onError: (e) => {
      reports.push(e)
      onError(e)
    },
    ...extra,
  })
  return { api, reports }
}

describe('request bodies', () => {
  it('413 for a body over the limit, declared or streamed, read no further than the limit', async () => {
    const store = await openStore('memory')
    const api = await apiOver(store, onError, { maxBodyBytes: 2048 })
    const declared = await call(api.fetch, 'POST', 'http://t/secrets', {
      body: JSON.stringify({ name: 'big', value: 'x'.repeat(4096) }),
    })
    expect([declared.status, declared.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE'])
    let pulled = 0
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1024
        controller.enqueue(new Uint8Array(1024).fill(0x20))
      },
    })
    const streamed = await api.fetch(
      new Request('http://t/secrets', {
        method: 'POST',
        headers: { authorization: 'Bearer writer-token-acme', 'content-type': 'application/json' },
        body: endless,
        duplex: 'half',
      } as RequestInit),
    )
    collected.bodies.push(await streamed.clone().text())
    expect(streamed.status).toBe(413)
    expect(pulled).toBeLessThanOrEqual(4096)
    const fits = await call(api.fetch, 'POST', 'http://t/secrets', {
      body: { name: 'ok', value: value() },
    })
    expect(fits.status).toBe(201)
  })
})

describe('store failures', () => {
  it('503 AUDIT_FAILED when no sink records: a read returns no value, a write says it was applied', async () => {
    const failing = { write: () => Promise.reject(new Error('disk full')) }
    const secrets = createSecrets({ backend: memoryBackend(), keyring, audit: failing })
    const { api, reports } = await apiOn(secrets, { allowValueReads: true })
    const secret = value()
    const write = await call(api.fetch, 'PUT', 'http://t/secrets/A', { body: { value: secret } })
    expect([write.status, write.body.error.code]).toEqual([503, 'AUDIT_FAILED'])
    expect(write.body.error.message).toContain('was applied')
    const read = await call(api.fetch, 'GET', 'http://t/secrets/A/value?reason=x')
    expect([read.status, read.body.error.code]).toEqual([503, 'AUDIT_FAILED'])
    expect(reports.every((e) => AuditError.isInstance(e))).toBe(true)
  })

  it('502 BACKEND_ERROR when the backend fails, with the message of the store only', async () => {
    const inner = memoryBackend()
    const broken = { ...inner, list: () => Promise.reject(new Error('connection reset')) }
    const { api, reports } = await apiOn(createSecrets({ backend: broken, keyring, audit: false }))
    const r = await call(api.fetch, 'GET', 'http://t/secrets')
    expect([r.status, r.body.error.code]).toEqual([502, 'BACKEND_ERROR'])
    expect(r.body.error.message).not.toContain('connection reset')
    expect((reports[0] as Error).message).toMatch(/failed to list/)
  })

  it('501 UNSUPPORTED_OPERATION to rewrap on a backend that cannot replace payloads', async () => {
    const { replacePayloads: _, ...plain } = memoryBackend()
    const secrets = createSecrets({ backend: plain, keyring, audit: false })
    await secrets.scope({ tenant: 'acme' }).set('R', value())
    const { api } = await apiOn(secrets)
    const r = await call(api.fetch, 'POST', 'http://t/secrets/R/rotate')
    expect([r.status, r.body.error.code]).toEqual([501, 'UNSUPPORTED_OPERATION'])
  })

  it('500 INTERNAL for an unexpected error or a response its schema refuses; onError gets no detail', async () => {
    const leaky = value('leak')
    const handle = (overrides: object) => ({ scope: () => ({ scope: {}, ...overrides }) }) as never
    const thrower = await apiOn(
      handle({
        list: () => {
          throw new TypeError(`cannot read ${leaky}`)
        },
      }),
    )
    const thrown = await call(thrower.api.fetch, 'GET', 'http://t/secrets')
    expect([thrown.status, thrown.body.error.code]).toEqual([500, 'INTERNAL'])
    expect(SecretsApiError.isInstance(thrower.reports[0])).toBe(true)
    expect(String(thrower.reports[0])).toContain('TypeError')
    const when = new Date()
    const bad = {
      name: 'x',
      version: 0,
      description: null,
      createdAt: when,
      updatedAt: when,
      updatedBy: null,
    }
    const invalid = await apiOn(handle({ list: async () => ({ items: [bad], cursor: null }) }))
    const refused = await call(invalid.api.fetch, 'GET', 'http://t/secrets')
    expect([refused.status, refused.body.error.code]).toEqual([500, 'INTERNAL'])
    expect(String(invalid.reports[0])).toContain('ZodError')
  })

  it('keeps answering when onError itself throws', async () => {
    const inner = memoryBackend()
    const broken = { ...inner, list: () => Promise.reject(new Error('down')) }
    const api = createSecretsApi({
      secrets: createSecrets({ backend: broken, keyring, audit: false }),
      authorize: bearerTokens({ tokens: await apiTokens() }),
      onError: () => {
        throw new Error('logger down')
      },
    })
    expect((await call(api.fetch, 'GET', 'http://t/secrets')).status).toBe(502)
  })
})

describe('routing', () => {
  it('405 with Allow for an undocumented method, 404 NOT_FOUND for an unknown path', async () => {
    const store = await openStore('memory')
    const api = await apiOver(store, onError)
    const patch = await call(api.fetch, 'PATCH', 'http://t/secrets/x')
    expect([patch.status, patch.headers.get('allow')]).toEqual([405, 'GET, PUT, DELETE, HEAD'])
    const put = await call(api.fetch, 'PUT', 'http://t/secrets')
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, POST, HEAD'])
    const unknown = await call(api.fetch, 'GET', 'http://t/secrets/x/y/z')
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND'])
    const outside = await call(api.fetch, 'GET', 'http://t/elsewhere', { token: null })
    expect([outside.status, outside.headers.get('cache-control')]).toEqual([404, 'no-store'])
  })
})

describe('options', () => {
  it('refuses missing or malformed options, naming the option', async () => {
    const store = await openStore('memory')
    const authorize = () => null
    const base = { secrets: store.secrets, authorize }
    const cases: Array<[unknown, RegExp]> = [
      [{ authorize }, /secrets/],
      [{ secrets: store.secrets }, /authorize/],
      [{ ...base, basePath: 'secrets' }, /basePath/],
      [{ ...base, basePath: '/secrets/' }, /basePath/],
      [{ ...base, openapiPath: '/secrets/openapi.json' }, /outside basePath/],
      [{ ...base, maxBodyBytes: 10 }, /maxBodyBytes/],
      [{ ...base, accessLog: {} }, /accessLog/],
      [{ ...base, allowedOrigins: ['https://a.example/path'] }, /allowedOrigins/],
    ]
    for (const [options, message] of cases) {
      expect(() => createSecretsApi(options as SecretsApiOptions)).toThrow(InvalidArgumentError)
      expect(() => createSecretsApi(options as SecretsApiOptions)).toThrow(message)
    }
  })
})
