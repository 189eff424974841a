/**
 * A writer for the kill-point test: `node --import tsx _kill-child.ts URL PREFIX NAME`.
 * Appends versions to NAME, and every fifth write creates a new secret
 * `NAME.<n>` (the insert path), as fast as it can, until it is killed.
 * Prints `ack <name> <version>` once a write is acknowledged, never before.
 */
import { type PutInput, toScope } from '@secrets/core'
import { MongoClient } from 'mongodb'
import { mongoBackend } from '../src/index.js'
import type { MongoDatabase } from '../src/mongo-database.js'

const [url, collectionPrefix, name] = process.argv.slice(2) as [string, string, string]
const client = new MongoClient(url)
await client.connect()
const backend = mongoBackend({
  db: client.db() as unknown as MongoDatabase,
  collectionPrefix,
  maxVersions: 1000,
})
const scope = toScope({ tenant: 'kill' })
const put = (target: string): PutInput => ({
  payload: (version) => new TextEncoder().encode(`${target}@${version}`),
  createdBy: 'child',
  previousExpiresAt: null,
  requestId: globalThis.crypto.randomUUID(),
})

process.stdout.write('ready\n')
for (let i = 1; ; i++) {
  const target = i % 5 === 0 ? `${name}.${i}` : name
  const { version } = await backend.put(scope, target, put(target))
  process.stdout.write(`ack ${target} ${version}\n`)
}
