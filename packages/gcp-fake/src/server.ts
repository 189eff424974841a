import * as grpc from '@grpc/grpc-js'
import { Dispatcher } from './dispatcher.js'
import { MAX_PAGE_SIZE } from './paging.js'
import { secretManagerService } from './protos.js'
import { startRestServer } from './rest.js'
import { SecretStore } from './store.js'

/** A running fake Secret Manager and its test hooks. */
export interface FakeSecretManager {
  /** host:port, e.g. '127.0.0.1:43123' */
  readonly address: string
  readonly port: number
  /** Port of the REST (HTTP/1.1 JSON) endpoint, for clients built with `fallback: true`. */
  readonly restPort: number
  /** RPC counts by method name, e.g. { AccessSecretVersion: 3 }; both transports count. */
  calls(): Record<string, number>
  resetCalls(): void
  /** Makes the next call of `method` (e.g. 'AccessSecretVersion') fail with `code`; calls queue. */
  failNext(method: string, code: number, message?: string): void
  /** Delays every RPC's answer by `ms` milliseconds (0 for none). */
  setLatency(ms: number): void
  /** wipe all state: secrets, queued failures and call counts */
  reset(): void
  close(): Promise<void>
}

/** Options of {@link startFakeSecretManager}. */
export interface FakeOptions {
  /** gRPC port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number
  /** REST port on 127.0.0.1; 0 or absent picks a free one. */
  restPort?: number
  /** Delay before each RPC is answered, in milliseconds. */
  latencyMs?: number
  /** Page size of ListSecrets/ListSecretVersions when page_size is 0 (default 25000). */
  defaultPageSize?: number
}

/** Starts the fake on 127.0.0.1: gRPC with insecure credentials, and plain-HTTP REST. */
export async function startFakeSecretManager(
  options: FakeOptions = {},
): Promise<FakeSecretManager> {
  const service = secretManagerService()
  const store = new SecretStore()
  const defaultPageSize = Math.min(options.defaultPageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE)
  const dispatcher = new Dispatcher(
    { store, defaultPageSize },
    Object.keys(service),
    options.latencyMs ?? 0,
  )

  const implementation: grpc.UntypedServiceImplementation = {}
  for (const method of dispatcher.methods) {
    implementation[method] = (
      call: grpc.ServerUnaryCall<unknown, unknown>,
      callback: grpc.sendUnaryData<unknown>,
    ) => {
      void dispatcher.dispatch(method, call.request).then((outcome) => {
        if (outcome.ok) callback(null, outcome.response)
        else callback({ code: outcome.code, details: outcome.message })
      })
    }
  }

  const server = new grpc.Server()
  server.addService(service, implementation)
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(
      `127.0.0.1:${options.port ?? 0}`,
      grpc.ServerCredentials.createInsecure(),
      (error, bound) => (error ? reject(error) : resolve(bound)),
    )
  })
  let rest: Awaited<ReturnType<typeof startRestServer>>
  try {
    rest = await startRestServer(dispatcher, service, options.restPort ?? 0)
  } catch (error) {
    server.forceShutdown()
    throw error
  }

  return {
    address: `127.0.0.1:${port}`,
    port,
    restPort: rest.port,
    calls: () => dispatcher.calls(),
    resetCalls: () => dispatcher.resetCalls(),
    failNext: (method, code, message) => dispatcher.failNext(method, code, message),
    setLatency: (ms) => {
      dispatcher.latencyMs = Math.max(0, ms)
    },
    reset: () => {
      store.reset()
      dispatcher.reset()
    },
    close: async () => {
      await Promise.all([
        rest.close(),
        new Promise<void>((resolve) => {
          server.tryShutdown(() => resolve())
          // Calls still open (a client that never closed) must not keep close() waiting.
          setTimeout(() => server.forceShutdown(), 1000).unref()
        }),
      ])
    },
  }
}
