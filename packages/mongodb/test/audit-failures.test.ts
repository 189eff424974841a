import { inspect } from 'node:util'
import {
  AuditError,
  type AuditSink,
  createSecrets,
  generateMasterKey,
  Keyring,
  memoryAuditSink,
  type SecretBackend,
  toScope,
} from '@secrets/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ensureSecretsIndexes,
  type MongoDatabase,
  mongoAuditSink,
  mongoBackend,
} from '../src/index.js'
import { drivers, openDatabase, skipWithoutServer, type TestDatabase } from './_server.js'

const VALUE = `sk_live_${globalThis.crypto.randomUUID()}`
const keyring = Keyring.fromKeys({ keys: { a: generateMasterKey() } })
/** What the stores report of failed sinks (checked for leaks too). */
const reported: unknown[] = []
const failing = (sink: AuditSink) => ({ sinks: sink, onError: (e: unknown) => reported.push(e) })

/** Everything an error shows, however it is printed. */
const shown = (error: unknown) =>
  `${inspect(error, { depth: 10, showHidden: true })} ${JSON.stringify(error)} ${String(error)}`

/** The forms of bytes that must not show. */
const byteForms = (bytes: Uint8Array) => {
  const buffer = Buffer.from(bytes)
  const middle = buffer.subarray(buffer.length - 24, buffer.length - 8)
  return [
    buffer.toString('hex'),
    buffer.toString('base64'),
    middle.toString('hex'),
    middle.toString('base64'),
  ]
}

describe.skipIf(skipWithoutServer())('the audit sink when the server fails', () => {
  const driver = drivers[0]!
  let database: TestDatabase
  let backend: SecretBackend
  let envelope: Uint8Array
  const scope = { tenant: 'fail-closed' }

  beforeAll(async () => {
    database = await openDatabase(driver)
    const options = { db: database.db, collectionPrefix: database.collectionPrefix }
    await ensureSecretsIndexes(database.db, options)
    backend = mongoBackend(options)
    const writer = createSecrets({ backend, keyring, audit: memoryAuditSink() }).scope(scope)
    for (const name of ['TOKEN', 'A', 'B', 'C']) await writer.set(name, VALUE)
    envelope = (await backend.get(toScope(scope), 'TOKEN'))!.payload
  })
  afterAll(() => database?.destroy())

  it('fails reads closed (AuditError, no value) when the sink cannot reach its server', async () => {
    // Port 9 (discard) on loopback: nothing listens, every connection is refused.
    const unreachable = new driver.MongoClient('mongodb://127.0.0.1:9/secrets_test', {
      serverSelectionTimeoutMS: 300,
    })
    try {
      const audit = mongoAuditSink({
        db: unreachable.db() as unknown as MongoDatabase,
        collectionPrefix: database.collectionPrefix,
      })
      const s = createSecrets({ backend, keyring, audit: failing(audit) }).scope(scope)
      const error = await s.get('TOKEN', { accessor: 'test' }).catch((e: unknown) => e)
      expect(AuditError.isInstance(error)).toBe(true)
      const many = await s.getMany(['A', 'B'], { accessor: 'test' }).catch((e: unknown) => e)
      expect(AuditError.isInstance(many)).toBe(true)
      for (const e of [error, many]) {
        expect((e as Error).cause).toMatchObject({ code: 'BACKEND_ERROR' })
        for (const needle of [VALUE, ...byteForms(envelope)]) expect(shown(e)).not.toContain(needle)
      }
    } finally {
      await unreachable.close()
    }
  })

  it('fails reads closed through a client that was closed', async () => {
    const other = await openDatabase(driver)
    const audit = mongoAuditSink({ db: other.db, collectionPrefix: database.collectionPrefix })
    await other.client.close()
    const s = createSecrets({ backend, keyring, audit: failing(audit) }).scope(scope)
    const error = await s.get('TOKEN', { accessor: 'test' }).catch((e: unknown) => e)
    expect(AuditError.isInstance(error)).toBe(true)
    expect(shown(error)).toContain('MongoNotConnectedError')
    for (const needle of [VALUE, ...byteForms(envelope)]) expect(shown(error)).not.toContain(needle)
  })

  it('leaves the first events of a batch that fails part way, and refuses the read', async () => {
    const prefix = `${database.collectionPrefix}partial_`
    const raw = database.client.db()
    // A rule the server enforces: the second event of a batch breaks it (all share one reason).
    await raw.collection(`${prefix}access_log`).createIndex({ rsn: 1 }, { unique: true })
    try {
      const audit = mongoAuditSink({ db: database.db, collectionPrefix: prefix })
      const s = createSecrets({ backend, keyring, audit: failing(audit) }).scope(scope)
      const error = await s
        .getMany(['A', 'B', 'C'], { accessor: 'test', reason: 'same reason' })
        .catch((e: unknown) => e)
      expect(AuditError.isInstance(error)).toBe(true)
      for (const needle of [VALUE, ...byteForms(envelope)])
        expect(shown(error)).not.toContain(needle)
      const stored = await audit.query({ scope })
      expect(stored.items.map((item) => [item.action, item.reason])).toEqual([
        ['read', 'same reason'],
      ])
    } finally {
      await raw.collection(`${prefix}access_log`).drop()
    }
  })
  it('reported every sink failure to onError, without a value or envelope byte', () => {
    expect(reported.length).toBeGreaterThanOrEqual(4)
    for (const e of reported) {
      expect(e).toMatchObject({ code: 'BACKEND_ERROR' })
      for (const needle of [VALUE, ...byteForms(envelope)]) expect(shown(e)).not.toContain(needle)
    }
  })
})
