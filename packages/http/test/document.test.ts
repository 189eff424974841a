import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OpenAPIDocument } from '../src/index.js'
import { apiOver, openStore, type Store, watchedCollector } from './_harness.js'

const { value, onError, call } = watchedCollector()
let sqlite: Store
beforeAll(async () => {
  sqlite = await openStore('sqlite')
})
afterAll(async () => {
  await sqlite?.close()
})

type Operation = { operationId: string; responses: Record<string, unknown>; parameters?: unknown[] }
const operations = (doc: OpenAPIDocument) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, op]) => ({ path, method, op })),
  )

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1, served without credentials at openapiPath, equal to api.openapi', async () => {
    const api = await apiOver(sqlite, onError, { allowValueReads: true })
    const served = await call(api.fetch, 'GET', 'http://t/openapi.json', { token: null })
    expect(served.status).toBe(200)
    expect(served.headers.get('cache-control')).toBe('no-store')
    expect(served.body).toEqual(JSON.parse(JSON.stringify(api.openapi)))
    expect(api.openapi.openapi).toBe('3.1.0')
    expect(api.openapi.security).toEqual([{ bearer: [] }])
    expect(api.openapi.components?.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
    })
    expect(operations(api.openapi).map((o) => `${o.method.toUpperCase()} ${o.path}`)).toEqual([
      'GET /secrets',
      'POST /secrets',
      'GET /secrets/{name}',
      'PUT /secrets/{name}',
      'DELETE /secrets/{name}',
      'POST /secrets/{name}/rotate',
      'GET /secrets/{name}/access-log',
      'GET /secrets/{name}/value',
    ])
    for (const { op } of operations(api.openapi)) {
      for (const status of ['400', '401', '500', '502', '503'])
        expect(op.responses).toHaveProperty(status)
    }
    const error = (api.openapi.components!.schemas as Record<string, { properties: object }>).Error
    expect(JSON.stringify(error)).toContain('SECRET_NOT_FOUND')
  })

  it('leaves out the value route unless allowValueReads, and the access log without a sink', async () => {
    const memory = await openStore('memory')
    const api = await apiOver(memory, onError)
    const paths = Object.keys(api.openapi.paths)
    expect(paths).not.toContain('/secrets/{name}/value')
    expect(paths).not.toContain('/secrets/{name}/access-log')
    await call(api.fetch, 'POST', 'http://t/secrets', { body: { name: 'S', value: value() } })
    const read = await call(api.fetch, 'GET', 'http://t/secrets/S/value?reason=x')
    expect([read.status, read.body.error.code]).toEqual([404, 'NOT_FOUND'])
    expect((await call(api.fetch, 'GET', 'http://t/secrets/S/access-log')).status).toBe(404)
  })

  it('follows basePath and openapiPath', async () => {
    const api = await apiOver(sqlite, onError, {
      basePath: '/v1/vault',
      openapiPath: '/v1/spec.json',
    })
    expect(Object.keys(api.openapi.paths)[0]).toBe('/v1/vault')
    expect((await call(api.fetch, 'GET', 'http://t/v1/spec.json', { token: null })).status).toBe(
      200,
    )
    expect((await call(api.fetch, 'GET', 'http://t/openapi.json', { token: null })).status).toBe(
      404,
    )
    const made = await call(api.fetch, 'POST', 'http://t/v1/vault', {
      body: { name: 'spec.json', value: value() },
    })
    expect(made.headers.get('location')).toBe('/v1/vault/spec.json')
  })

  it('documents the name pattern the store enforces, with no look-around', async () => {
    const api = await apiOver(sqlite, onError)
    const param = (
      (api.openapi.paths['/secrets/{name}'] as Record<string, Operation>).get!.parameters as Array<{
        schema: { pattern: string; maxLength: number }
      }>
    )[0]!
    expect(param.schema.maxLength).toBe(255)
    expect(param.schema.pattern).not.toMatch(/\(\?[=!<]/)
    const pattern = new RegExp(param.schema.pattern)
    for (const ok of ['A', '_x', 'a/b', 'a/.b', 'a/...', 'a/b..c', '0'])
      expect(pattern.test(ok), ok).toBe(true)
    for (const bad of ['', '.a', '-a', 'a/', 'a//b', 'a/./b', 'a/..', 'a b', 'a%2Fb'])
      expect(pattern.test(bad), bad).toBe(false)
  })
})

describe('GET /{name}/access-log', () => {
  it("the secret's events in the caller's scope, newest first, paged with a cursor", async () => {
    const api = await apiOver(sqlite, onError, { allowValueReads: true })
    await call(api.fetch, 'POST', 'http://t/secrets', { body: { name: 'logged', value: value() } })
    await call(api.fetch, 'PUT', 'http://t/secrets/logged', { body: { value: value() } })
    await call(api.fetch, 'GET', 'http://t/secrets/logged/value?reason=audit%20me', {
      token: 'reader',
    })
    await call(api.fetch, 'POST', 'http://t/secrets', { body: { name: 'other', value: value() } })
    const first = await call(api.fetch, 'GET', 'http://t/secrets/logged/access-log?limit=2')
    expect(first.status).toBe(200)
    // The check that the secret exists is itself audited, first.
    expect(first.body.items.map((e: { action: string }) => e.action)).toEqual(['versions', 'read'])
    expect(first.body.items[1]).toMatchObject({
      name: 'logged',
      accessor: 'user:reader',
      reason: 'audit me',
      scope: { tenant: 'acme' },
      outcome: 'success',
    })
    const rest = await call(
      api.fetch,
      'GET',
      `http://t/secrets/logged/access-log?limit=50&cursor=${encodeURIComponent(first.body.cursor)}`,
    )
    expect(rest.body.items.map((e: { action: string }) => e.action)).toEqual(['write', 'write'])
    expect(rest.body.cursor).toBeNull()
    expect(
      (await call(api.fetch, 'GET', 'http://t/secrets/logged/access-log?cursor=nope')).body.error
        .code,
    ).toBe('INVALID_ARGUMENT')
    expect(
      (await call(api.fetch, 'GET', 'http://t/secrets/logged/access-log?limit=0')).status,
    ).toBe(400)
    await call(api.fetch, 'DELETE', 'http://t/secrets/logged')
    const gone = await call(api.fetch, 'GET', 'http://t/secrets/logged/access-log')
    expect([gone.status, gone.body.error.code]).toEqual([404, 'SECRET_NOT_FOUND'])
  })
})
