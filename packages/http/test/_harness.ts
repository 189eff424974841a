/**
 * The API over a store on SQLite (through @secrets/kysely) or in memory, with
 * three API tokens, a `call` that records every response, and the leak check:
 * no test value in any response body but the value route's, nor in any log.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type AccessLogSink,
  type AuditEvent,
  type AuditSink,
  createSecrets,
  generateMasterKey,
  Keyring,
  memoryAuditSink,
  memoryBackend,
  type SecretBackend,
  type SecretStore,
} from '@secrets/core'
import { kyselyBackendFromEnv } from '@secrets/kysely'
import { afterAll, expect } from 'vitest'
import {
  type ApiToken,
  bearerTokens,
  createSecretsApi,
  hashApiToken,
  type SecretsApi,
  type SecretsApiOptions,
} from '../src/index.js'

/** The tokens of the tests: a writer and a reader on tenant acme, a writer on tenant globex. */
export const TOKENS = {
  writer: 'writer-token-acme',
  reader: 'reader-token-acme',
  globex: 'writer-token-globex',
} as const

export type TokenName = keyof typeof TOKENS

export const apiTokens = async (): Promise<ApiToken[]> => [
  {
    sha256: await hashApiToken(TOKENS.writer),
    accessor: 'ci:writer',
    scope: { tenant: 'acme' },
    canWrite: true,
  },
  {
    sha256: await hashApiToken(TOKENS.reader),
    accessor: 'user:reader',
    scope: { tenant: 'acme' },
    canWrite: false,
  },
  {
    sha256: await hashApiToken(TOKENS.globex),
    accessor: 'ci:globex',
    scope: { tenant: 'globex' },
    canWrite: true,
  },
]

/** A store and what it was built on. */
export interface Store {
  kind: 'sqlite' | 'memory'
  secrets: SecretStore
  backend: SecretBackend
  accessLog: AccessLogSink | undefined
  /** The audit events of a scope (memory: of every scope), newest first. */
  events(scope?: Record<string, string>): Promise<AuditEvent[]>
  close(): Promise<void>
}

/** Everything a test file collected, for {@link expectNoLeaks}. */
export interface Collected {
  /** Test values written through the API (or seeded). */
  values: Set<string>
  /** Bodies of every response but the value route's. */
  bodies: string[]
  /** Bodies of the value route's responses, the one place values may appear. */
  valueBodies: string[]
  /** Everything `onError` received, serialised, and console output. */
  logs: string[]
}

/** Options of {@link openStore}. */
export interface StoreOptions {
  keyring?: Keyring
  /** The audit sink. @default the access log (SQLite) or a memory sink */
  audit?: AuditSink
}

/** Opens a store on a fresh SQLite file (with its access log), or in memory. */
export async function openStore(
  kind: 'sqlite' | 'memory',
  options: StoreOptions = {},
): Promise<Store> {
  const { keyring = Keyring.fromMasterKey(generateMasterKey()), audit } = options
  if (kind === 'memory') {
    const sink = memoryAuditSink()
    const backend = memoryBackend()
    const secrets = createSecrets({ backend, keyring, audit: audit ?? sink })
    return {
      kind,
      secrets,
      backend,
      accessLog: undefined,
      events: async () => [...sink.events].reverse(),
      close: () => secrets.close(),
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'secrets-http-'))
  const opened = await kyselyBackendFromEnv(
    { SECRETS_DATABASE_URL: `file:${join(dir, 's.db')}` },
    'sqlite',
  )
  const accessLog = opened.audit as AccessLogSink
  const secrets = createSecrets({ backend: opened.backend, keyring, audit: audit ?? accessLog })
  return {
    kind,
    secrets,
    backend: opened.backend,
    accessLog,
    events: async (scope = { tenant: 'acme' }) =>
      (await accessLog.query({ scope, limit: 1000 })).items,
    close: async () => {
      await secrets.close()
      await opened.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A recorded response. */
export interface Reply {
  status: number
  headers: Headers
  text: string
  // biome-ignore lint/suspicious/noExplicitAny: a JSON body, read by assertions
  body: any
}

/** Options of one call. */
export interface CallOptions {
  /** The token to send, or null for none. @default 'writer' */
  token?: TokenName | null
  /** A JSON body (serialised), or a string sent as is. */
  body?: unknown
  headers?: Record<string, string>
}

/** Builds the collection and a `call` through any fetch. */
export function collector() {
  const collected: Collected = { values: new Set(), bodies: [], valueBodies: [], logs: [] }
  let n = 0
  return {
    collected,
    /** A fresh, recognisable test value. */
    value(label = 'v'): string {
      const v = `tv-${label}-${++n}-${crypto.randomUUID().slice(0, 8)}`
      collected.values.add(v)
      return v
    },
    onError: (error: unknown) => {
      collected.logs.push(
        String(error),
        JSON.stringify(error),
        String((error as Error).cause ?? ''),
      )
    },
    /** Sends a request and records the response. */
    async call(
      fetch: (request: Request) => Promise<Response>,
      method: string,
      url: string,
      options: CallOptions = {},
    ): Promise<Reply> {
      const { token = 'writer', body, headers = {} } = options
      const init: RequestInit = { method, headers: { ...headers } }
      const h = init.headers as Record<string, string>
      if (token) h.authorization = `Bearer ${TOKENS[token]}`
      if (body !== undefined) {
        h['content-type'] ??= 'application/json'
        init.body = typeof body === 'string' ? body : JSON.stringify(body)
      }
      const response = await fetch(new Request(url, init))
      const text = await response.text()
      const isValue = /\/value(\?|$)/.test(new URL(url).pathname) && response.status === 200
      ;(isValue ? collected.valueBodies : collected.bodies).push(text)
      let parsed: unknown = null
      try {
        parsed = text ? JSON.parse(text) : null
      } catch {
        parsed = text
      }
      return { status: response.status, headers: response.headers, text, body: parsed }
    },
  }
}

/** Asserts that no test value appears in any recorded body (but the value route's) or log line. */
export function expectNoLeaks(collected: Collected): void {
  expect(collected.values.size).toBeGreaterThan(0)
  expect(collected.bodies.length).toBeGreaterThan(0)
  for (const value of collected.values) {
    for (const text of [...collected.bodies, ...collected.logs]) expect(text).not.toContain(value)
  }
}

/**
 * Captures the server's logs, console output and process warnings (the store
 * reports failing audit sinks as warnings), into `logs` until the returned
 * function is called.
 */
export function captureConsole(logs: string[]): () => void {
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const
  const saved = methods.map((m) => console[m])
  for (const m of methods) {
    console[m] = (...args: unknown[]) => {
      logs.push(args.map(String).join(' '))
    }
  }
  const onWarning = (warning: Error) => {
    logs.push(String(warning), String(warning.cause ?? ''))
  }
  process.on('warning', onWarning)
  return () => {
    process.off('warning', onWarning)
    methods.forEach((m, i) => {
      console[m] = saved[i]!
    })
  }
}

/**
 * A {@link collector} for one test file whose console and warnings are
 * captured from now on, and checked with {@link expectNoLeaks} once the
 * file's tests are done.
 */
export function watchedCollector() {
  const watched = collector()
  const restoreConsole = captureConsole(watched.collected.logs)
  afterAll(() => {
    restoreConsole()
    expectNoLeaks(watched.collected)
  })
  return watched
}

/** The API over a store with the test tokens. */
export async function apiOver(
  store: Store,
  onError: (error: unknown) => void,
  extra: Partial<SecretsApiOptions> = {},
): Promise<SecretsApi> {
  return createSecretsApi({
    secrets: store.secrets,
    authorize: bearerTokens({ tokens: await apiTokens() }),
    ...(store.accessLog ? { accessLog: store.accessLog } : {}),
    onError,
    ...extra,
  })
}
