import { SecretManagerServiceClient } from '@google-cloud/secret-manager'
import { afterAll, beforeAll, expect } from 'vitest'
import {
  type FakeSecretManager,
  fakeClientOptions,
  fakeRestClientOptions,
  startFakeSecretManager,
} from '../src/index.js'

/** A fake and a real client talking to it over gRPC, for one test file. */
export interface Harness {
  fake: FakeSecretManager
  client: SecretManagerServiceClient
}

/**
 * Starts a fake and a client before the file's tests and closes both after; the client
 * speaks gRPC, or REST (`fallback: true`) when `transport` is 'rest'.
 */
export function useFake(transport: 'grpc' | 'rest' = 'grpc'): Harness {
  const harness = {} as Harness
  beforeAll(async () => {
    harness.fake = await startFakeSecretManager()
    const options =
      transport === 'rest' ? fakeRestClientOptions(harness.fake) : fakeClientOptions(harness.fake)
    harness.client = new SecretManagerServiceClient(options)
  })
  afterAll(async () => {
    await harness.client?.close()
    await harness.fake?.close()
  })
  return harness
}

let projectSeq = 0
/** A project name no other test uses, so tests share a fake without seeing each other. */
export const freshProject = (): string => `projects/p${++projectSeq}-${Date.now()}`

/** Awaits `promise` and checks it rejects with gRPC status `code`; returns the message. */
export async function expectCode(promise: Promise<unknown>, code: number): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as { code?: number; details?: unknown; message?: string },
  )
  expect(error, 'expected the call to fail').toBeDefined()
  expect(error?.code).toBe(code)
  return typeof error?.details === 'string' ? error.details : (error?.message ?? '')
}

/** Creates a global, automatically replicated secret and returns its name. */
export async function makeSecret(
  client: SecretManagerServiceClient,
  parent: string,
  secretId: string,
  labels: Record<string, string> = {},
): Promise<string> {
  const [secret] = await client.createSecret({
    parent,
    secretId,
    secret: { replication: { automatic: {} }, labels },
  })
  return secret.name ?? ''
}

/** Adds a version holding `text`; returns its number. */
export async function addText(
  client: SecretManagerServiceClient,
  secret: string,
  text: string,
): Promise<number> {
  const [version] = await client.addSecretVersion({
    parent: secret,
    payload: { data: Buffer.from(text) },
  })
  return Number(version.name?.split('/').pop())
}
