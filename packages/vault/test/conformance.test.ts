import { runBackendConformance } from '@secrets/core/testing'
import { beforeAll, describe } from 'vitest'
import { vaultBackend } from '../src/index.js'
import {
  deleteAll,
  ensureMount,
  rawStorage,
  skipWithoutVault,
  testClient,
  uniquePrefix,
} from './_openbao.js'

/** A mount that keeps 100 versions (Vault's default of 10 would trim the kit's version tests). */
const MOUNT = 'kit-kv'

for (const clientSideEncryption of [false, true]) {
  const mode = clientSideEncryption ? 'client-side encryption' : 'native'
  describe.skipIf(skipWithoutVault())(`vaultBackend on OpenBao (${mode})`, () => {
    const client = testClient()
    const prefix = uniquePrefix(clientSideEncryption ? 'kit-cse' : 'kit-native')
    beforeAll(() => ensureMount(MOUNT, { maxVersions: 100 }))
    runBackendConformance({
      name: `vault (${mode})`,
      capabilities: {
        envelope: clientSideEncryption,
        encryptsAtRest: true,
        batch: false,
        cas: true,
        versions: true,
      },
      create: () => vaultBackend({ client, mount: MOUNT, prefix, clientSideEncryption }),
      raw: () => rawStorage(MOUNT, `${prefix}/`),
      destroy: () => deleteAll(MOUNT, `${prefix}/`),
    })
  })
}
