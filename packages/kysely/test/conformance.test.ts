import { runBackendConformance } from '@secrets/core/testing'
import { kyselyBackend } from '../src/index.js'
import { describeEachDialect, openDatabase, type TestDatabase } from './_databases.js'

describeEachDialect('kyselyBackend', (target) => {
  let database: TestDatabase
  runBackendConformance({
    name: `kysely:${target.dialect}`,
    capabilities: { envelope: true, encryptsAtRest: false, batch: true, cas: true, versions: true },
    create: async () => {
      database = await openDatabase(target)
      return kyselyBackend({ db: database.db, tablePrefix: database.tablePrefix })
    },
    raw: async () => {
      const stored = await database.cells()
      // Every column but the payload is metadata.
      const metadata = stored.filter((cell) => typeof cell === 'string')
      return { stored, metadata }
    },
    destroy: () => database.destroy(),
  })
})
