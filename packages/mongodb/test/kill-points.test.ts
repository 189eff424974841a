/**
 * Kill points: a child process writes versions as fast as it can and prints
 * each acknowledged one; it is SIGKILLed at a random moment, many times.
 * Whatever the moment, every acknowledged version must stay readable, and
 * `versions()`, `get()` and `list()` must agree, with contiguous numbers.
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createInterface } from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { type PutInput, type SecretBackend, type SecretSummary, toScope } from '@secrets/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureSecretsIndexes, mongoBackend } from '../src/index.js'
import { drivers, openDatabase, skipWithoutServer, type TestDatabase, url } from './_server.js'

const CHILD = fileURLToPath(new URL('./_kill-child.ts', import.meta.url))
/** The child runs the TypeScript sources through tsx's loader. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
const ROUNDS = 16
const NAMES = ['KILL_A', 'KILL_B', 'KILL_C', 'KILL_D']
const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : null)

/** Runs a writer and SIGKILLs it `delayMs` after it is ready. @returns what it acknowledged */
function writeUntilKilled(prefix: string, name: string, delayMs: number) {
  return new Promise<Array<[string, number]>>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, CHILD, url!, prefix, name], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const acks: Array<[string, number]> = []
    // readline only emits complete lines: a line cut by the kill is not an acknowledgement.
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), delayMs)
      const [word, target, version] = line.split(' ')
      if (word === 'ack') acks.push([target!, Number(version)])
    })
    child.on('error', reject)
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL'
        ? resolve(acks)
        : reject(new Error(`the writer exited on its own (${_code})`)),
    )
  })
}

describe.skipIf(skipWithoutServer())('kill points', () => {
  let database: TestDatabase
  let backend: SecretBackend
  const scope = toScope({ tenant: 'kill' })

  beforeAll(async () => {
    database = await openDatabase(drivers[0])
    const options = { db: database.db, collectionPrefix: database.collectionPrefix }
    await ensureSecretsIndexes(database.db, options)
    backend = mongoBackend({ ...options, maxVersions: 1000 })
  })
  afterAll(() => database?.destroy())

  it(`keeps every acknowledged version readable across ${ROUNDS} SIGKILLs at random moments`, async () => {
    const acked = new Map<string, number[]>()
    for (let round = 0; round < ROUNDS; round++) {
      const name = NAMES[round % NAMES.length]!
      const acks = await writeUntilKilled(database.collectionPrefix, name, 20 + Math.random() * 200)
      for (const [target, version] of acks)
        acked.set(target, [...(acked.get(target) ?? []), version])
    }
    const total = [...acked.values()].reduce((n, versions) => n + versions.length, 0)
    expect(total, 'the writers acknowledged too little to test anything').toBeGreaterThan(100)

    const listed = new Map<string, SecretSummary>()
    let cursor: string | undefined
    do {
      const page = await backend.list(scope, { limit: 100, ...(cursor ? { cursor } : {}) })
      for (const item of page.items) listed.set(item.name, item)
      cursor = page.cursor ?? undefined
    } while (cursor)
    // Every secret the writers started, acknowledged or not, is whole.
    for (const doc of await database.documents('secrets')) {
      const numbers = doc.versions.map((v: { v: number }) => v.v)
      expect(numbers, doc.n).toEqual(Array.from({ length: doc.latest }, (_, i) => i + 1))
      const versions = (await backend.versions(scope, doc.n)).map((v) => v.version)
      expect(versions).toEqual([...numbers].reverse())
      const latest = await backend.get(scope, doc.n)
      expect(text(latest?.payload)).toBe(`${doc.n}@${doc.latest}`)
      expect(listed.get(doc.n)?.version).toBe(doc.latest)
    }
    expect(listed.size).toBe((await database.documents('secrets')).length)
    for (const [name, versions] of acked) {
      // Numbers only grow, and every acknowledged one reads back as written.
      expect(versions).toEqual([...versions].sort((a, b) => a - b))
      const records = await backend.getMany(
        scope,
        versions.map((version) => ({ name, version })),
      )
      expect(records.map((r) => text(r?.payload))).toEqual(versions.map((v) => `${name}@${v}`))
    }
  })
})

const create = (writer: string): PutInput => ({
  payload: (version) => new TextEncoder().encode(`${writer}@${version}`),
  createdBy: writer,
  previousExpiresAt: null,
  requestId: globalThis.crypto.randomUUID(),
})

describe.skipIf(skipWithoutServer())('a create racing a delete from another client', () => {
  let writer: TestDatabase
  let deleter: TestDatabase

  beforeAll(async () => {
    writer = await openDatabase(drivers[0])
    deleter = await openDatabase(drivers[1])
    await ensureSecretsIndexes(writer.db, { collectionPrefix: writer.collectionPrefix })
  })
  afterAll(async () => {
    await deleter?.client.close()
    await writer?.destroy()
  })

  it('leaves the secret whole or gone, never half, in 200 rounds', async () => {
    const options = { collectionPrefix: writer.collectionPrefix }
    const a = mongoBackend({ db: writer.db, ...options })
    const b = mongoBackend({ db: deleter.db, ...options })
    const scope = toScope({ tenant: 'create-delete' })
    const outcomes = { deleted: 0, survived: 0 }
    for (let round = 0; round < 200; round++) {
      const name = `RACE_${round}`
      const [written, existed] = await Promise.all([
        a.put(scope, name, create('a')),
        b.delete(scope, name),
      ])
      expect(written.version).toBe(1)
      const versions = (await a.versions(scope, name)).map((v) => v.version)
      const read = await b.get(scope, name)
      const listed = (await b.list(scope, { prefix: name, limit: 5 })).items.map((i) => i.name)
      if (existed) {
        outcomes.deleted++
        expect({ round, versions, read, listed }).toEqual({
          round,
          versions: [],
          read: null,
          listed: [],
        })
      } else {
        outcomes.survived++
        expect({ round, versions, read: text(read?.payload), listed }).toEqual({
          round,
          versions: [1],
          read: 'a@1',
          listed: [name],
        })
      }
    }
    expect(outcomes.deleted + outcomes.survived).toBe(200)
  })
})
