import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningSecretsApi, type SecretsApi, serveSecretsApi } from '../src/index.js'
import {
  apiOver,
  type CallOptions,
  openStore,
  type Store,
  TOKENS,
  watchedCollector,
} from './_harness.js'

const { collected, value, onError, call: send } = watchedCollector()
let store: Store
let api: SecretsApi
let server: RunningSecretsApi
const call = (method: string, path: string, options?: CallOptions) =>
  send(fetch, method, `${server.url}${path}`, options)

beforeAll(async () => {
  store = await openStore('sqlite')
  api = await apiOver(store, onError, { allowValueReads: true, maxBodyBytes: 4096 })
  const scoped = store.secrets.scope({ tenant: 'acme' })
  for (const name of ['API_KEY', 'stripe/api-key', 'ui', 'openapi.json'])
    await scoped.set(name, value('seed'), { accessor: 'seed', description: 'seeded' })
  server = await serveSecretsApi({ api })
})
afterAll(async () => {
  await server?.close()
  await store?.close()
})

/** Whether a suite must be skipped (never in CI, where the tool must be there). */
function skipWithout(variable: string): boolean {
  if (process.env[variable]) return false
  if (process.env.CI) throw new Error(`${variable} must be set in CI`)
  process.stdout.write(
    `[@secrets/http] a test skipped: ${variable} is not set (scripts/services.sh up schemathesis)\n`,
  )
  return true
}

describe('a real server on 127.0.0.1', () => {
  it('listens on loopback and serves every route over HTTP', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const secret = value()
    const created = await call('POST', '/secrets', {
      body: { name: 'svc/db-password', value: secret },
    })
    expect([created.status, created.headers.get('location')]).toEqual([
      201,
      '/secrets/svc%2Fdb-password',
    ])
    const listed = await call('GET', '/secrets?prefix=svc/')
    expect(listed.body.items.map((i: { name: string }) => i.name)).toEqual(['svc/db-password'])
    const stale = await call('PUT', '/secrets/svc%2Fdb-password', {
      body: { value: value() },
      headers: { 'if-match': '"7"' },
    })
    expect(stale.status).toBe(412)
    const read = await call('GET', '/secrets/svc%2Fdb-password/value?reason=smoke', {
      token: 'reader',
    })
    expect([read.status, read.body.value, read.headers.get('cache-control')]).toEqual([
      200,
      secret,
      'no-store',
    ])
    const log = await call('GET', '/secrets/svc%2Fdb-password/access-log')
    expect(log.body.items.find((e: { action: string }) => e.action === 'read')).toMatchObject({
      accessor: 'user:reader',
      reason: 'smoke',
    })
    expect((await call('POST', '/secrets/svc%2Fdb-password/rotate')).body.mode).toBe('rewrap')
    expect((await call('DELETE', '/secrets/svc%2Fdb-password')).status).toBe(204)
    expect((await call('GET', '/openapi.json', { token: null })).body.openapi).toBe('3.1.0')
    expect((await call('GET', '/secrets', { token: null })).status).toBe(401)
  })

  it('answers 413 to a body over the limit before it has been sent whole', async () => {
    const url = new URL(`${server.url}/secrets`)
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TOKENS.writer}`,
          'content-type': 'application/json',
          'content-length': String(10 * 1024 * 1024),
        },
      })
      req.on('response', (res) => {
        let body = ''
        res.on('data', (chunk) => {
          body += chunk
        })
        res.on('end', () => {
          resolve({ status: res.statusCode!, body })
          req.destroy()
        })
      })
      req.on('error', reject)
      req.write(`{"name":"big","value":"${'x'.repeat(1024)}`) // 1 KiB of 10 MiB, then wait
    })
    collected.bodies.push(answer.body)
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body).error.code).toBe('PAYLOAD_TOO_LARGE')
    const declared = await call('POST', '/secrets', {
      body: JSON.stringify({ name: 'big', value: 'x'.repeat(8192) }),
    })
    expect([declared.status, declared.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE'])
    // Chunked (no Content-Length): measured as it streams, then handed on whole.
    const chunked = (text: string) =>
      fetch(`${server.url}/secrets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKENS.writer}`, 'content-type': 'application/json' },
        body: new Blob([text]).stream(),
        duplex: 'half',
      } as RequestInit)
    const small = await chunked(JSON.stringify({ name: 'chunked', value: value() }))
    collected.bodies.push(await small.clone().text())
    expect(small.status).toBe(201)
    const large = await chunked(JSON.stringify({ name: 'chunked2', value: 'x'.repeat(8192) }))
    collected.bodies.push(await large.clone().text())
    expect(large.status).toBe(413)
  })

  it('mounts as is in a Hono app', async () => {
    const forward = (c: { req: { raw: Request } }) => api.fetch(c.req.raw)
    const app = new Hono()
      .get('/health', (c) => c.text('ok'))
      .all('/secrets/*', forward)
      .get('/openapi.json', forward)
    const viaHono = (method: string, path: string, options?: CallOptions) =>
      send((r) => Promise.resolve(app.fetch(r)), method, `http://mounted.test${path}`, options)
    expect((await viaHono('GET', '/health', { token: null })).text).toBe('ok')
    expect((await viaHono('GET', '/secrets')).body.items.length).toBeGreaterThan(0)
    expect((await viaHono('GET', '/secrets/stripe%2Fapi-key')).body.name).toBe('stripe/api-key')
    const made = await viaHono('PUT', '/secrets/mounted', { body: { value: value() } })
    expect([made.status, made.headers.get('cache-control')]).toEqual([201, 'no-store'])
    expect((await viaHono('GET', '/openapi.json', { token: null })).body.openapi).toBe('3.1.0')
  })
})

describe.skipIf(skipWithout('SECRETS_TEST_SCHEMATHESIS'))('Schemathesis', () => {
  it('fuzzes the OpenAPI document against the server: no 5xx, no schema violation', async () => {
    const config = join(dirname(fileURLToPath(import.meta.url)), 'schemathesis.toml')
    const cwd = mkdtempSync(join(tmpdir(), 'secrets-http-st-')) // its example database goes here
    try {
      const args = [
        '--no-color',
        '--config-file',
        config,
        'run',
        `${server.url}/openapi.json`,
        '--checks',
        'all',
        '--header',
        `Authorization: Bearer ${TOKENS.writer}`,
        '--max-examples',
        '40',
        '--seed',
        '1',
      ]
      const { code, output } = await run(process.env.SECRETS_TEST_SCHEMATHESIS!, args, cwd)
      const summary = /(\d+) generated, ([^\n]*)/.exec(output)
      process.stdout.write(`[@secrets/http] Schemathesis: ${summary?.[0] ?? 'no summary'}\n`)
      if (code !== 0) process.stdout.write(`${output.slice(-6000)}\n`)
      expect(code).toBe(0)
      expect(summary?.[2]).toMatch(new RegExp(`^${summary?.[1]} passed`))
      expect(Number(summary?.[1])).toBeGreaterThan(200)
    } finally {
      rmSync(cwd, { recursive: true, force: true })
    }
  }, 240_000)
})

function run(command: string, args: string[], cwd: string) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}
