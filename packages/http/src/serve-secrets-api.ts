/**
 * `serveSecretsApi`: the API on a Node.js HTTP server (through
 * `@hono/node-server`), on loopback unless told otherwise.
 * @module
 */
import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import { InvalidArgumentError } from '@secrets/core'
import type { SecretsApi } from './create-secrets-api.js'

/** Options of {@link serveSecretsApi}. */
export interface ServeSecretsApiOptions {
  /** The API from `createSecretsApi`. */
  api: Pick<SecretsApi, 'fetch'>
  /** The port; 0 picks a free one. @default 0 */
  port?: number
  /** The address to listen on. @default '127.0.0.1' (loopback only) */
  hostname?: string
}

/** A running server. */
export interface RunningSecretsApi {
  /** Its base URL, such as `http://127.0.0.1:49152`. */
  readonly url: string
  /** Stops accepting connections, waits for open requests, and closes idle connections. */
  close(): Promise<void>
}

/**
 * Serves the API over HTTP on Node.js. It leaves the global `Request` and
 * `Response` as they are. Node itself answers 431 to a request line and
 * headers over 16 KiB.
 * @param options the API, the port and the address
 * @returns the server's URL and a `close()`
 * @throws {InvalidArgumentError} for a bad port; the listen error (such as `EADDRINUSE`) when it cannot listen
 * @example
 * ```ts
 * const { url, close } = await serveSecretsApi({ api, port: 8080 })
 * ```
 */
export async function serveSecretsApi(options: ServeSecretsApiOptions): Promise<RunningSecretsApi> {
  const { api, port = 0, hostname = '127.0.0.1' } = options
  if (typeof api?.fetch !== 'function')
    throw new InvalidArgumentError('serveSecretsApi needs `api`: the result of createSecretsApi()')
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('port must be an integer from 0 to 65535')
  const server = createAdaptorServer({
    fetch: (request: Request) => api.fetch(request),
    overrideGlobalObjects: false,
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, hostname, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return Object.freeze({
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        if ('closeIdleConnections' in server) server.closeIdleConnections()
      }),
  })
}
