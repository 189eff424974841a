/**
 * The in-repo fake Secret Manager (@secrets/gcp-fake) and real clients
 * talking to it over gRPC or REST, started once per test file, plus what the
 * tests read around the backend: raw storage, every version's state.
 */
import { SecretManagerServiceClient } from '@google-cloud/secret-manager'
import type { RawStorage } from '@secrets/core/testing'
import {
  type FakeSecretManager,
  fakeClientOptions,
  fakeRestClientOptions,
  startFakeSecretManager,
} from '@secrets/gcp-fake'
import { afterAll, beforeAll } from 'vitest'

/** The project every suite uses on its own fake. */
export const PROJECT = 'test-project'

/** A fake and a client, filled in before the file's first test. */
export interface Harness {
  fake: FakeSecretManager
  client: SecretManagerServiceClient
}

/** Starts a fake and a client (gRPC, or REST with `fallback: true`) for the file's tests. */
export function useFake(transport: 'grpc' | 'rest' = 'grpc'): Harness {
  const harness = {} as Harness
  beforeAll(async () => {
    harness.fake = await startFakeSecretManager()
    harness.client = new SecretManagerServiceClient(
      transport === 'rest' ? fakeRestClientOptions(harness.fake) : fakeClientOptions(harness.fake),
    )
  })
  afterAll(async () => {
    await harness.client?.close()
    await harness.fake?.close()
  })
  return harness
}

/** The resource name of a secret id in the test project. */
export const secretPath = (id: string): string => `projects/${PROJECT}/secrets/${id}`

/** Every version of a secret as GCP keeps it: number -> state. */
export async function versionStates(
  client: SecretManagerServiceClient,
  id: string,
): Promise<Map<number, string>> {
  const [versions] = await client.listSecretVersions({ parent: secretPath(id) })
  return new Map(versions.map((v) => [Number(v.name?.split('/').pop()), String(v.state)]))
}

/**
 * Storage read around the backend: every secret whose id starts with
 * `idPrefix`, its labels and annotations (metadata) and every enabled
 * version's data (stored).
 */
export async function rawStorage(
  client: SecretManagerServiceClient,
  idPrefix: string,
): Promise<RawStorage> {
  const [secrets] = await client.listSecrets({ parent: `projects/${PROJECT}` })
  const metadata: string[] = []
  const stored: Array<string | Uint8Array> = []
  for (const secret of secrets) {
    const id = secret.name?.split('/').pop() ?? ''
    if (!id.startsWith(idPrefix)) continue
    const fields = [
      id,
      ...Object.entries(secret.labels ?? {}).flat(),
      ...Object.entries(secret.annotations ?? {}).flat(),
    ]
    metadata.push(...fields)
    stored.push(...fields)
    const [versions] = await client.listSecretVersions({
      parent: secret.name ?? '',
      filter: 'state:ENABLED',
    })
    for (const v of versions) {
      const [accessed] = await client.accessSecretVersion({ name: v.name ?? '' })
      stored.push(new Uint8Array(accessed.payload?.data as Uint8Array))
    }
  }
  return { stored, metadata }
}
