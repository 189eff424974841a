/**
 * What every tier of the conformance kit shares: the backend under test, a
 * store over it, fresh scopes, keyrings and the helpers that look for
 * plaintext in storage. Internal to `@secrets/core/testing`.
 * @module
 */
import { type MemoryAuditSink, memoryAuditSink } from '../audit/sinks.js'
import type { BackendCapabilities, SecretBackend } from '../backend/secret-backend.js'
import { generateMasterKey, Keyring } from '../crypto/keyring.js'
import { createSecrets } from '../store/create-secrets.js'
import type { SecretStore } from '../store/types.js'
import type { ConformanceOptions } from './run-backend-conformance.js'

const keyA = generateMasterKey()
const keyB = generateMasterKey()
/** One key, `kit-a`. */
export const ringA = Keyring.fromKeys({ keys: { 'kit-a': keyA } })
/** `kit-a` and `kit-b`, `kit-b` primary. */
export const ringAB = Keyring.fromKeys({ primary: 'kit-b', keys: { 'kit-a': keyA, 'kit-b': keyB } })
/** `kit-b` only. */
export const ringB = Keyring.fromKeys({ keys: { 'kit-b': keyB } })

/** The state a tier's tests read once the suite has started. */
export interface Kit {
  /** The backend under test (set before the first test runs). */
  readonly backend: SecretBackend
  /** Its capabilities. */
  readonly caps: BackendCapabilities
  /** The suite's options. */
  readonly options: ConformanceOptions<SecretBackend>
  /** The audit sink every kit store writes to. */
  readonly audit: MemoryAuditSink
  /** An access context for reads. */
  readonly ctx: { accessor: string; reason: string }
  /** A scope no other test uses. */
  freshScope(extra?: Record<string, string>): Record<string, string>
  /** An id no other test uses. */
  uniqueId(): string
  /** A store over the backend. */
  store(keyring?: Keyring, extra?: { now?: () => Date }): SecretStore
}

/** Builds the kit state; `backend` is filled in by the suite's `beforeAll`. */
export function createKit(
  options: ConformanceOptions<SecretBackend>,
): Kit & { backend: SecretBackend } {
  const run = globalThis.crypto.randomUUID().slice(0, 8)
  let counter = 0
  const audit = memoryAuditSink()
  const kit = {
    backend: undefined as unknown as SecretBackend,
    get caps() {
      return kit.backend.capabilities
    },
    options,
    audit,
    ctx: { accessor: 'conformance', reason: 'test' },
    freshScope: (extra: Record<string, string> = {}) => ({
      tenant: `kit-${run}`,
      test: `t${++counter}`,
      ...extra,
    }),
    uniqueId: () => `${run}-${++counter}`,
    store: (keyring = ringA, extra: { now?: () => Date } = {}) =>
      createSecrets({ backend: kit.backend, keyring, audit, ...extra }),
  }
  return kit
}

/** A value that is unlikely to appear anywhere by chance. */
export function marker(label: string): string {
  return `${label}-${globalThis.crypto.randomUUID()}-plaintext`
}

/** The forms of a value that must never be found in storage. */
export function encodings(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8')
  return [
    value,
    bytes.toString('base64'),
    bytes.toString('base64url'),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
  ]
}

/** The first needle found in any stored cell, or undefined. */
export function containsAny(
  haystack: ReadonlyArray<string | Uint8Array>,
  needles: string[],
): string | undefined {
  for (const cell of haystack) {
    const text = typeof cell === 'string' ? cell : Buffer.from(cell).toString('latin1')
    const utf8 = typeof cell === 'string' ? cell : Buffer.from(cell).toString('utf8')
    for (const n of needles) if (text.includes(n) || utf8.includes(n)) return n
  }
  return undefined
}

/** A `put` input for tests that write through the backend directly. */
export function rawPut(payload: Uint8Array, createdBy = 'kit') {
  return {
    payload: () => payload,
    createdBy,
    previousExpiresAt: null,
    requestId: globalThis.crypto.randomUUID(),
  }
}
