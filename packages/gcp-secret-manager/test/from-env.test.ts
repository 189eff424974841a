import { InvalidArgumentError } from '@secrets/core'
import { describe, expect, it, vi } from 'vitest'
import { gcpSecretManagerBackendFromEnv } from '../src/index.js'

/** Every client the function builds: its options, and whether it was closed. */
const built = vi.hoisted(() => [] as Array<{ options: unknown; closed: boolean }>)

vi.mock('@google-cloud/secret-manager', async (importOriginal) => {
  const real = await importOriginal<typeof import('@google-cloud/secret-manager')>()
  class RecordingClient extends real.SecretManagerServiceClient {
    readonly record: { options: unknown; closed: boolean }
    constructor(options?: ConstructorParameters<typeof real.SecretManagerServiceClient>[0]) {
      super(options)
      this.record = { options, closed: false }
      built.push(this.record)
    }
    override async close(): Promise<void> {
      this.record.closed = true
      await super.close()
    }
  }
  return { ...real, SecretManagerServiceClient: RecordingClient }
})

const open = async (env: Record<string, string>) => {
  const opened = await gcpSecretManagerBackendFromEnv(env)
  await opened.close()
  return { backend: opened.backend, client: built.at(-1)! }
}

describe('gcpSecretManagerBackendFromEnv', () => {
  it('opens a backend from GOOGLE_CLOUD_PROJECT, and close() closes its client', async () => {
    const { backend, client } = await open({ GOOGLE_CLOUD_PROJECT: 'my-project' })
    expect(backend.name).toBe('gcp-secret-manager')
    expect(backend.capabilities.envelope).toBe(false)
    expect(client).toEqual({ options: {}, closed: true })
  })

  it('takes the aliases, which must agree with the main names', async () => {
    expect((await open({ GCP_PROJECT_ID: 'my-project' })).backend.name).toBe('gcp-secret-manager')
    await open({ GOOGLE_CLOUD_PROJECT: 'my-project', GCP_PROJECT_ID: 'my-project' })
    await expect(
      gcpSecretManagerBackendFromEnv({
        GOOGLE_CLOUD_PROJECT: 'my-project',
        GCP_PROJECT_ID: 'other-project',
      }),
    ).rejects.toThrow(/GOOGLE_CLOUD_PROJECT and GCP_PROJECT_ID are both set and disagree/)
    await open({ GOOGLE_CLOUD_PROJECT: 'my-project', GCP_SECRET_PREFIX: 'myapp/prod' })
    await expect(
      gcpSecretManagerBackendFromEnv({
        GOOGLE_CLOUD_PROJECT: 'my-project',
        SECRETS_GCP_PREFIX: 'a',
        GCP_SECRET_PREFIX: 'b',
      }),
    ).rejects.toThrow(/SECRETS_GCP_PREFIX and GCP_SECRET_PREFIX/)
  })

  it('uses the regional endpoint when SECRETS_GCP_LOCATION is set', async () => {
    const { client } = await open({
      GOOGLE_CLOUD_PROJECT: 'my-project',
      SECRETS_GCP_LOCATION: 'europe-west1',
    })
    expect(client.options).toEqual({ apiEndpoint: 'secretmanager.europe-west1.rep.googleapis.com' })
  })

  it('turns client-side encryption on with SECRETS_GCP_CLIENT_SIDE_ENCRYPTION=1', async () => {
    const env = { GOOGLE_CLOUD_PROJECT: 'my-project', SECRETS_GCP_CLIENT_SIDE_ENCRYPTION: '1' }
    expect((await open(env)).backend.capabilities.envelope).toBe(true)
  })

  it('names the variable that is missing or invalid, and builds no client for it', async () => {
    const before = built.length
    const fails = (env: Record<string, string>, message: RegExp) =>
      expect(gcpSecretManagerBackendFromEnv(env)).rejects.toThrow(message)
    await fails({}, /GOOGLE_CLOUD_PROJECT \(or GCP_PROJECT_ID\) is not set/)
    await fails({ GOOGLE_CLOUD_PROJECT: 'My Project' }, /GOOGLE_CLOUD_PROJECT.*project id/)
    await fails(
      { GOOGLE_CLOUD_PROJECT: 'my-project', SECRETS_GCP_LOCATION: 'EU' },
      /SECRETS_GCP_LOCATION must be a region/,
    )
    await fails(
      { GOOGLE_CLOUD_PROJECT: 'my-project', SECRETS_GCP_CLIENT_SIDE_ENCRYPTION: 'yes' },
      /SECRETS_GCP_CLIENT_SIDE_ENCRYPTION must be 1 or 0/,
    )
    expect(built.length).toBe(before)
    // A bad prefix is found by the backend: the client built for it is closed.
    const err = await gcpSecretManagerBackendFromEnv({
      GOOGLE_CLOUD_PROJECT: 'my-project',
      SECRETS_GCP_PREFIX: 'my.app',
    }).catch((e: unknown) => e)
    expect(InvalidArgumentError.isInstance(err)).toBe(true)
    expect((err as Error).message).toMatch(/^SECRETS_GCP_PREFIX/)
    expect(built.at(-1)?.closed).toBe(true)
  })
})
