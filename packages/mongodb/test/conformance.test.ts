import { runBackendConformance } from '@secrets/core/testing'
import { describe } from 'vitest'
import { ensureSecretsIndexes, mongoBackend } from '../src/index.js'
import {
  drivers,
  openDatabase,
  rawStorage,
  skipWithoutServer,
  type TestDatabase,
} from './_server.js'

describe.skipIf(skipWithoutServer()).each(drivers)('mongoBackend on $name', (driver) => {
  let database: TestDatabase
  runBackendConformance({
    name: `mongodb (${driver.name})`,
    capabilities: { envelope: true, encryptsAtRest: false, batch: true, cas: true, versions: true },
    create: async () => {
      database = await openDatabase(driver)
      await ensureSecretsIndexes(database.db, { collectionPrefix: database.collectionPrefix })
      return mongoBackend({ db: database.db, collectionPrefix: database.collectionPrefix })
    },
    raw: () => rawStorage(database),
    destroy: () => database.destroy(),
  })
})
