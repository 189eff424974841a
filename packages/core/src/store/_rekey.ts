/**
 * Store-wide walks over every record: `rekey` (rewrap data keys under the
 * primary key, optionally reseal format-1 envelopes) and `keyUsage` (count
 * which keys wrap the stored envelopes, reading headers only). Internal.
 * @module
 */
import type { AuditAction } from '../audit/audit-event.js'
import { toScope } from '../backend/scope.js'
import type {
  PayloadUpdate,
  ScannedRecord,
  SecretBackend,
  SecretBackendV1,
} from '../backend/secret-backend.js'
import type { EnvelopeCipher } from '../crypto/envelope-cipher.js'
import { AbortedError } from '../errors/aborted-error.js'
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import { RekeyIncompleteError } from '../errors/rekey-incomplete-error.js'
import { SecretsError } from '../errors/secrets-error.js'
import { checkContext, positiveInteger } from './_checks.js'
import type { StoreContext } from './_store-context.js'
import type {
  KeyUsage,
  KeyUsageEntry,
  KeyUsageOptions,
  RekeyFailure,
  RekeyOptions,
  RekeyResult,
} from './types.js'

const GLOBAL = toScope({})

type Walkable = Required<Pick<SecretBackend, 'scan' | 'replacePayloads'>>

function walkable(backend: SecretBackend | SecretBackendV1, what: string): Walkable {
  if (!backend.scan || !backend.replacePayloads) {
    throw new InvalidArgumentError(
      `Backend "${backend.name}" cannot walk its records (no scan/replacePayloads), so it cannot ${what}`,
    )
  }
  return backend as Walkable
}

/**
 * Walks every page, checking the signal between pages. With a signal, each
 * page first lets the event loop run: over a synchronous driver
 * (better-sqlite3) the walk would otherwise never let an abort in.
 */
async function walk(
  backend: Walkable,
  options: { batchSize?: number; cursor?: string; signal?: AbortSignal },
  what: () => string,
  visit: (records: ScannedRecord[], cursor: string | null) => Promise<void>,
): Promise<void> {
  const limit = positiveInteger(options.batchSize ?? 500, 'batchSize', 10_000)
  let cursor = options.cursor
  do {
    if (options.signal) await new Promise((resolve) => setTimeout(resolve, 0))
    if (options.signal?.aborted)
      throw new AbortedError(`${what()} was aborted; run it again to resume`)
    const page = await backend.scan({ limit, ...(cursor === undefined ? {} : { cursor }) })
    await visit(page.records, page.cursor)
    cursor = page.cursor ?? undefined
  } while (cursor !== undefined)
}

/**
 * Rewraps every data key not under the primary key (and, with `reseal`,
 * seals format-1 envelopes again as format 2).
 * @throws {RekeyIncompleteError} when some record was left as it was
 */
export async function rekey(store: StoreContext, options: RekeyOptions = {}): Promise<RekeyResult> {
  checkContext(options, 'Rekeys', store.requireAccessor)
  const cipher = store.codec.cipher
  if (!cipher) {
    return {
      scanned: 0,
      rewrapped: 0,
      resealed: 0,
      primaryKeyId: '',
      primaryFingerprint: '',
      failed: [],
    }
  }
  const backend = walkable(store.backend, 'rekey')
  const { keyring } = cipher
  const primary = keyring.primaryFingerprint
  let scanned = 0
  let rewrapped = 0
  let resealed = 0
  const failed: RekeyFailure[] = []
  const fields = { accessor: options.accessor, reason: 'rekey' }
  try {
    await walk(
      backend,
      options,
      () => `rekey (after ${scanned} records, ${rewrapped} rewrapped)`,
      async (records, cursor) => {
        const updates: PayloadUpdate[] = []
        let reseals = 0
        for (const record of records) {
          try {
            const update = rekeyed(store, cipher, record, primary, options.reseal === true)
            if (update) updates.push(update)
            if (update?.resealed) reseals++
          } catch (err) {
            if (!SecretsError.isInstance(err)) throw err
            const { scopeKey, name, version } = record
            failed.push({ scopeKey, name, version, code: err.code })
          }
        }
        if (updates.length > 0) {
          rewrapped += await backend.replacePayloads(updates)
          // Resealed counts what was sent; a record changed meanwhile keeps its newer payload.
          resealed += reseals
        }
        scanned += records.length
        options.onProgress?.({ scanned, rewrapped, failed: failed.length, cursor })
      },
    )
  } catch (err) {
    throw await store.audit.recordFailure(GLOBAL, 'rekey', err, { ...fields, count: rewrapped })
  }
  const result = {
    scanned,
    rewrapped,
    resealed,
    primaryKeyId: keyring.primaryId,
    primaryFingerprint: primary,
    failed,
  }
  const outcome = failed.length === 0 ? 'success' : 'decryption_failed'
  await store.audit.recordApplied([
    store.audit.event(GLOBAL, 'rekey', outcome, { ...fields, count: rewrapped }),
  ])
  if (failed.length > 0) throw new RekeyIncompleteError(result)
  return result
}

/** The update one record needs, or null when it is already under the primary (and in format 2 when resealing). */
function rekeyed(
  store: StoreContext,
  cipher: EnvelopeCipher,
  record: ScannedRecord,
  primary: string,
  reseal: boolean,
): (PayloadUpdate & { resealed: boolean }) | null {
  const { format, keyId } = cipher.headerOf(record.payload)
  const base = {
    scopeKey: record.scopeKey,
    name: record.name,
    version: record.version,
    previous: record.payload,
  }
  if (reseal && format === 1) {
    const payload = store.codec.reseal(record.scopeKey, record.name, record.version, record.payload)
    return { ...base, payload, resealed: true }
  }
  if (keyId === primary) return null
  return { ...base, payload: cipher.rewrap(record.payload), resealed: false }
}

/** Counts which keys wrap the stored envelopes, from their headers alone. */
export async function keyUsage(
  store: StoreContext,
  options: KeyUsageOptions = {},
): Promise<KeyUsage> {
  checkContext(options, 'Key usage walks', store.requireAccessor)
  const cipher = store.codec.cipher
  const usage: KeyUsage = { scanned: 0, keys: [], format1: 0, malformed: 0 }
  if (!cipher) return usage
  const backend = walkable(store.backend, 'count key usage')
  const { keyring } = cipher
  const byId = new Map<string, KeyUsageEntry>()
  const entry = (keyId: string): KeyUsageEntry => {
    const fingerprint = keyring.fingerprintOf(keyId)
    const id = fingerprint ?? keyId
    let found = byId.get(id)
    if (!found) {
      const info = keyring.keys.find((k) => k.fingerprint === fingerprint)
      found = {
        keyId: id,
        label: info?.id ?? null,
        inKeyring: info !== undefined,
        primary: info?.primary ?? false,
        records: 0,
      }
      byId.set(id, found)
    }
    return found
  }
  for (const k of keyring.keys) entry(k.fingerprint)
  const action: AuditAction = 'key_usage'
  const fields = { accessor: options.accessor, reason: 'key usage' }
  try {
    await walk(
      backend,
      options,
      () => 'keyUsage',
      async (records) => {
        for (const record of records) {
          usage.scanned++
          try {
            const { format, keyId } = cipher.headerOf(record.payload)
            entry(keyId).records++
            if (format === 1) usage.format1++
          } catch {
            usage.malformed++
          }
        }
      },
    )
  } catch (err) {
    throw await store.audit.recordFailure(GLOBAL, action, err, fields)
  }
  usage.keys = [...byId.values()]
  await store.audit.record([
    store.audit.event(GLOBAL, action, 'success', { ...fields, count: usage.scanned }),
  ])
  return usage
}
