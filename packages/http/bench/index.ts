/**
 * Benchmark of @secrets/http (`pnpm --filter @secrets/http bench`): requests
 * per second of `GET /secrets` (100 secrets) and `PUT /secrets/{name}` on
 * SQLite (audited to its access-log table), beside a bare Hono route that
 * returns a constant and the same store calls made directly, in the same
 * run: in process through `fetch`, then over a socket on 127.0.0.1 (Node's
 * fetch, keep-alive). Only the ratios within one run mean anything on a
 * shared machine.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { measure, printRatios } from '@secrets/bench-kit'
import { createSecrets, generateMasterKey, Keyring } from '@secrets/core'
import { kyselyBackendFromEnv } from '@secrets/kysely'
import { Hono } from 'hono'
import { bearerTokens, createSecretsApi, hashApiToken, serveSecretsApi } from '../src/index.js'

const SECRETS = 100
const TOKEN = 'bench-token'
const AUTH = { authorization: `Bearer ${TOKEN}` }

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-http-bench-'))
  const opened = await kyselyBackendFromEnv(
    { SECRETS_DATABASE_URL: `file:${join(dir, 'b.db')}` },
    'sqlite',
  )
  const secrets = createSecrets({
    backend: opened.backend,
    keyring: Keyring.fromMasterKey(generateMasterKey()),
    audit: opened.audit!,
  })
  const scoped = secrets.scope({ tenant: 'bench' })
  for (let i = 0; i < SECRETS; i++)
    await scoped.set(`service/${String(i).padStart(3, '0')}/token`, `value-${i}`, {
      accessor: 'seed',
    })
  const api = createSecretsApi({
    secrets,
    authorize: bearerTokens({
      tokens: [
        {
          sha256: await hashApiToken(TOKEN),
          accessor: 'bench',
          scope: { tenant: 'bench' },
          canWrite: true,
        },
      ],
    }),
  })
  const bare = new Hono().get('/constant', (c) => c.json({ ok: true }))
  const bareFetch = async (request: Request) => bare.fetch(request)
  const body = JSON.stringify({ value: 'x'.repeat(64) })

  /** The candidates against one origin and fetch. */
  const candidates = (
    where: string,
    apiFetch: (r: Request) => Promise<Response>,
    constFetch: (r: Request) => Promise<Response>,
    apiOrigin: string,
    constOrigin: string,
  ) => {
    const send = async (f: (r: Request) => Promise<Response>, url: string, init?: RequestInit) => {
      const response = await f(new Request(url, init))
      await response.arrayBuffer()
      if (response.status >= 300) throw new Error(`${url} answered ${response.status}`)
    }
    return [
      {
        name: `bare Hono route, constant (baseline, ${where})`,
        run: () => send(constFetch, `${constOrigin}/constant`),
      },
      {
        name: `GET /secrets, ${SECRETS} secrets`,
        run: () => send(apiFetch, `${apiOrigin}/secrets`, { headers: AUTH }),
      },
      {
        name: 'PUT /secrets/{name}',
        run: () =>
          send(apiFetch, `${apiOrigin}/secrets/bench%2Fput`, {
            method: 'PUT',
            headers: { ...AUTH, 'content-type': 'application/json' },
            body,
          }),
      },
    ]
  }

  console.log(`@secrets/http benchmarks (node ${process.version}); medians of alternating rounds`)
  const direct = [
    {
      name: `store list(), ${SECRETS} secrets (no HTTP)`,
      run: () => scoped.list({ accessor: 'bench' }),
    },
    {
      name: 'store set() (no HTTP)',
      run: () => scoped.set('bench/direct', 'x'.repeat(64), { accessor: 'bench' }),
    },
  ]
  const inProcess = candidates(
    'in process',
    api.fetch,
    bareFetch,
    'http://bench.local',
    'http://bench.local',
  )
  const base = inProcess[0]!.name
  printRatios(
    'In process, api.fetch(new Request(…)) on SQLite',
    await measure([...inProcess, ...direct]),
    base,
  )

  const apiServer = await serveSecretsApi({ api })
  const constServer = await serveSecretsApi({ api: { fetch: bareFetch } })
  try {
    const socket = candidates('socket', fetch, fetch, apiServer.url, constServer.url)
    printRatios(
      'Over a socket on 127.0.0.1 (serveSecretsApi, Node fetch)',
      await measure(socket),
      socket[0]!.name,
    )
  } finally {
    await apiServer.close()
    await constServer.close()
    await secrets.close()
    await opened.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
