import { runBackendConformance } from '@secrets/core/testing'
import { describe } from 'vitest'
import { awsSecretsManagerBackend } from '../src/index.js'
import { deleteAll, motoClient, rawStorage, skipWithoutMoto, uniquePrefix } from './_moto.js'

for (const clientSideEncryption of [false, true]) {
  const mode = clientSideEncryption ? 'client-side encryption' : 'native'
  describe.skipIf(skipWithoutMoto())(`awsSecretsManagerBackend on moto (${mode})`, () => {
    const client = motoClient()
    const prefix = uniquePrefix(clientSideEncryption ? 'kit-cse' : 'kit-native')
    runBackendConformance({
      name: `aws-secrets-manager (${mode})`,
      capabilities: {
        envelope: clientSideEncryption,
        encryptsAtRest: true,
        batch: true,
        cas: true,
        versions: true,
      },
      // A recovery window, as in production: `put` on a deleted name purges it first.
      create: () =>
        awsSecretsManagerBackend({
          client,
          prefix,
          clientSideEncryption,
          deletion: { recoveryWindowInDays: 7 },
        }),
      raw: () => rawStorage(client, `${prefix}/`),
      destroy: () => deleteAll(client, `${prefix}/`),
    })
  })
}
