/**
 * A real SecretsManagerClient whose HTTP handler answers from a script, for
 * tests of error paths that no emulator produces (malformed bodies, throttling)
 * and of input checks that must not reach the network.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'

/** What the scripted server answers. */
export interface FakeResponse {
  status: number
  body: string
}

/** A client and the operations it sent (`GetSecretValue`, …), in order. */
export function fakeAwsClient(answer: (operation: string, input: unknown) => FakeResponse): {
  client: SecretsManagerClient
  operations: string[]
} {
  const operations: string[] = []
  const client = new SecretsManagerClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: { headers: Record<string, string>; body?: unknown }) {
        const operation = String(request.headers['x-amz-target']).split('.').pop()!
        operations.push(operation)
        const raw =
          request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : request.body
        const input = typeof raw === 'string' && raw !== '' ? JSON.parse(raw) : {}
        const { status, body } = answer(operation, input)
        return {
          response: {
            statusCode: status,
            reason: '',
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: new TextEncoder().encode(body),
          },
        }
      },
    } as never,
  })
  return { client, operations }
}

/** An AWS JSON error body. */
export function awsError(type: string, message: string): FakeResponse {
  return { status: 400, body: JSON.stringify({ __type: type, message }) }
}
