import type { SecretManagerServiceClient } from '@google-cloud/secret-manager'
import * as grpc from '@grpc/grpc-js'

/** The options object `new SecretManagerServiceClient(options)` takes. */
export type SecretManagerClientOptions = NonNullable<
  ConstructorParameters<typeof SecretManagerServiceClient>[0]
>

/** What {@link fakeClientOptions} needs of the fake: where it listens. */
export interface FakeEndpoint {
  readonly port: number
}

/**
 * Options for `new SecretManagerServiceClient(...)` that reach the fake over plaintext gRPC
 * on 127.0.0.1 without looking for credentials or a metadata server: `sslCreds` replaces
 * google-gax's channel credentials (so no token is ever requested), and `authClient`
 * stands in for google-auth-library so nothing probes for Application Default Credentials.
 */
export function fakeClientOptions(
  fake: FakeEndpoint,
  projectId = 'test-project',
): SecretManagerClientOptions {
  return {
    apiEndpoint: '127.0.0.1',
    port: fake.port,
    sslCreds: grpc.credentials.createInsecure(),
    projectId,
    authClient: fakeAuthClient(projectId) as unknown as SecretManagerClientOptions['authClient'],
  }
}

/**
 * Options for a client in REST mode (`fallback: true`): HTTP/1.1 JSON to the fake's REST
 * port, through the same stand-in auth client (whose `fetch` google-gax calls).
 */
export function fakeRestClientOptions(
  fake: { readonly restPort: number },
  projectId = 'test-project',
): SecretManagerClientOptions {
  const { sslCreds: _grpcOnly, ...common } = fakeClientOptions({ port: fake.restPort }, projectId)
  return { ...common, fallback: true, protocol: 'http' }
}

/**
 * An auth client that never fetches a token: empty request headers, the default universe
 * (google-gax compares it with the client's), the given project, and plain `fetch` for the
 * REST transport (only ever pointed at the fake on 127.0.0.1).
 */
function fakeAuthClient(projectId: string) {
  return {
    universeDomain: 'googleapis.com',
    getRequestHeaders: async () => new Headers(),
    getAccessToken: async () => ({ token: 'fake-token' }),
    getClient: async function () {
      return this
    },
    getProjectId: async () => projectId,
    /** google-gax's REST transport (`fallback: true`) sends its requests through this. */
    fetch: (url: string, init: RequestInit) => fetch(url, init),
  }
}
