/**
 * `rekey` from key A to key B: records per second and the peak extra memory
 * while it pages through the collection. Run at two sizes, the live heap
 * should stay flat while the collection grows tenfold.
 *
 * The documents are seeded with `insertMany` of envelopes sealed under A
 * (100,000 store writes would measure the writes, not the rekey). Rekey only
 * rewraps data keys, so the envelopes' associated data does not matter here;
 * a few secrets written through the store prove they stay readable under B alone.
 */
import { collectGarbage, memoryPeak } from '@secrets/bench-kit'
import {
  createEnvelopeCipher,
  createSecrets,
  generateMasterKey,
  Keyring,
  memoryAuditSink,
  scopeHash,
} from '@secrets/core'
import { mongoBackend } from '../src/index.js'
import type { TestDatabase } from '../test/_server.js'

const SCOPES = 100
const DOCUMENTS_PER_INSERT = 1000
const BATCH_SIZE = 500
/** Pages between two samples of the live heap (each a full collection, not timed). */
const RETAINED_SAMPLE_EVERY = 5

/** One row of the rekey table. */
export interface RekeyRow extends Record<string, string | number> {}

async function seed(database: TestDatabase, keyring: Keyring, records: number): Promise<number> {
  const cipher = createEnvelopeCipher({ keyring })
  const aad = new Uint8Array(0)
  const secrets = database.client.db().collection(`${database.collectionPrefix}secrets`)
  let payloadBytes = 0
  for (let start = 0; start < records; start += DOCUMENTS_PER_INSERT) {
    const documents = Array.from(
      { length: Math.min(DOCUMENTS_PER_INSERT, records - start) },
      (_, i) => {
        const n = start + i
        const scopeKey = `tenant=t${n % SCOPES}`
        const payload = cipher.seal(`value-${n}-${'s'.repeat(32)}`, aad)
        payloadBytes += payload.length
        const version = {
          v: 1,
          p: payload,
          d: null,
          b: null,
          x: null,
          c: new Date(),
          r: `seed-${n}`,
        }
        return {
          s: scopeHash(scopeKey),
          k: scopeKey,
          n: `SECRET_${n}`,
          latest: 1,
          versions: [version],
        }
      },
    )
    await secrets.insertMany(documents, { ordered: false })
  }
  return payloadBytes
}

/**
 * The baseline: records per second of the cryptographic work alone (opening
 * the wrapped data key under A, wrapping it under B), on envelopes in memory.
 */
function rewrapAlone(keyA: string, keyB: string, records: number): number {
  const sealing = createEnvelopeCipher({ keyring: Keyring.fromKeys({ keys: { a: keyA } }) })
  const aad = new Uint8Array(0)
  const envelopes = Array.from({ length: records }, (_, n) =>
    sealing.seal(`value-${n}-${'s'.repeat(32)}`, aad),
  )
  const rewrapping = createEnvelopeCipher({
    keyring: Keyring.fromKeys({ primary: 'b', keys: { a: keyA, b: keyB } }),
  })
  const start = performance.now()
  for (const envelope of envelopes) rewrapping.rewrap(envelope)
  return (records * 1000) / (performance.now() - start)
}

/** Measures one collection holding `records` secrets (plus 5 witnesses). */
export async function benchRekey(database: TestDatabase, records: number): Promise<RekeyRow[]> {
  const keyA = generateMasterKey()
  const keyB = generateMasterKey()
  const ringA = Keyring.fromKeys({ keys: { a: keyA } })
  const audit = memoryAuditSink()
  const backend = mongoBackend({ db: database.db, collectionPrefix: database.collectionPrefix })
  const seedStart = performance.now()
  const payloadBytes = await seed(database, ringA, records)
  const seedMs = performance.now() - seedStart
  const witness = createSecrets({ backend, keyring: ringA, audit }).scope({ tenant: 'witness' })
  for (let i = 0; i < 5; i++) await witness.set(`W${i}`, `witness-${i}`)
  const total = records + 5

  const rotating = createSecrets({
    backend,
    keyring: Keyring.fromKeys({ primary: 'b', keys: { a: keyA, b: keyB } }),
    audit,
  })
  collectGarbage()
  const memory = memoryPeak()
  const timer = setInterval(memory.sample, 20)
  let pages = 0
  database.commands.length = 0
  const start = performance.now()
  const result = await rotating.rekey({
    batchSize: BATCH_SIZE,
    onProgress: () => {
      pages++
      memory.sample()
      if (pages % RETAINED_SAMPLE_EVERY === 0) memory.sampleRetained()
    },
  })
  const { heapMiB, rssMiB, retainedMiB, gcMs } = memory.peak()
  const ms = performance.now() - start - gcMs
  clearInterval(timer)
  const commands = database.commands.length
  if (result.rewrapped !== total || result.failed.length > 0) {
    throw new Error(
      `rekey rewrapped ${result.rewrapped} of ${total} (${result.failed.length} failed)`,
    )
  }
  const onlyB = createSecrets({
    backend,
    keyring: Keyring.fromKeys({ keys: { b: keyB } }),
    audit,
  }).scope({ tenant: 'witness' })
  for (let i = 0; i < 5; i++) {
    if ((await onlyB.get(`W${i}`, { accessor: 'bench' })) !== `witness-${i}`)
      throw new Error('witness unreadable')
  }
  const baseline = rewrapAlone(keyA, keyB, records)
  const perSecond = (total * 1000) / ms
  return [
    {
      records: total,
      'seed s': (seedMs / 1000).toFixed(1),
      'rekey s': (ms / 1000).toFixed(2),
      'records/s': Math.round(perSecond),
      'rewrap alone/s (baseline)': Math.round(baseline),
      'ratio vs baseline': (perSecond / baseline).toFixed(2),
      pages,
      commands,
      'envelopes MiB': (payloadBytes / 2 ** 20).toFixed(1),
      'peak live heap MiB': retainedMiB.toFixed(1),
      'peak extra heap MiB': heapMiB.toFixed(1),
      'peak extra rss MiB': rssMiB.toFixed(1),
    },
  ]
}
