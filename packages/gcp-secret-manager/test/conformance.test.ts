import { runBackendConformance } from '@secrets/core/testing'
import { describe } from 'vitest'
import { gcpSecretManagerBackend } from '../src/index.js'
import { PROJECT, rawStorage, useFake } from './_harness.js'

// The fake runs in-process, so these suites run everywhere, never skipped.
const transports = [
  ['grpc', false],
  ['grpc', true],
  ['rest', false],
] as const

for (const [transport, clientSideEncryption] of transports) {
  const mode = clientSideEncryption ? 'client-side encryption' : 'native'
  describe(`gcpSecretManagerBackend on the fake over ${transport} (${mode})`, () => {
    const h = useFake(transport)
    const prefix = clientSideEncryption ? 'kit-cse' : 'kit-native'
    runBackendConformance({
      name: `gcp-secret-manager (${transport}, ${mode})`,
      capabilities: {
        envelope: clientSideEncryption,
        encryptsAtRest: true,
        batch: false,
        cas: true,
        versions: true,
      },
      create: () =>
        gcpSecretManagerBackend({
          client: h.client,
          project: PROJECT,
          prefix,
          clientSideEncryption,
        }),
      raw: () => rawStorage(h.client, prefix),
    })
  })
}
