/**
 * The contract storage adapters implement. Documented for third-party authors
 * in docs/writing-an-adapter.md; checked by `runBackendConformance` from
 * `@secrets/core/testing`.
 *
 * A backend stores versioned records per (scope, name). It never sees how a
 * record is used: the store seals values into envelopes before `put` (for
 * record stores) and audits every access. Not-found is `null` or an empty
 * result, never an exception. Every method may throw `BackendError` (with the
 * driver's error as `cause`) for failures of the storage itself.
 * @module
 */
import type { Scope } from './scope.js'

/**
 * Bumped when the contract changes incompatibly. `v2`: `put` asks for the
 * payload of the version number it assigns ({@link PutInput.payload}), so the
 * store can bind that number into the envelope. `createSecrets` still takes
 * `v1` backends ({@link SecretBackendV1}).
 */
export type BackendSpecificationVersion = 'v2'

/** What a backend can do; the store and the conformance kit adapt to it. */
export interface BackendCapabilities {
  /**
   * `true`: the store seals every value into an envelope before `put` and the
   * backend keeps opaque bytes (SQL, MongoDB, memory). `false`: the backend
   * receives and returns the UTF-8 value and the service encrypts it at rest
   * (AWS, GCP, Vault in native mode); requires `encryptsAtRest`.
   */
  envelope: boolean
  /** The service itself encrypts stored data at rest (KMS and the like). */
  encryptsAtRest: boolean
  /** `getMany` reads many names in one round trip (or ceil(n/limit) when the service caps a batch). */
  batch: boolean
  /** `put` with `ifVersion` is an atomic compare-and-set. */
  cas: boolean
  /** Earlier versions stay readable by number. */
  versions: boolean
  /** The largest payload the backend accepts, in bytes, when it has a limit. */
  maxPayloadBytes?: number
}

/** Identifies one read: the latest version of a name, or a given version. */
export interface RecordKey {
  /** The secret's name. */
  name: string
  /** A version number (1, 2, …); absent for the latest. */
  version?: number
}

/** Metadata kept beside a value. Never holds the value. */
export interface RecordMetadata {
  /** Free text describing the secret, set by writers. */
  description: string | null
  /** The accessor that wrote this version. */
  createdBy: string | null
  /**
   * Set by a rotation: until this time the version before this one is still
   * valid (the overlap window of webhook signing keys and OAuth client secrets).
   */
  previousExpiresAt: Date | null
}

/** One stored version, as a backend returns it. */
export interface SecretRecord extends RecordMetadata {
  /** The secret's name. */
  name: string
  /**
   * Version number: 1 for the first write, contiguous after that; 0 for a
   * current value written outside the library to a service that cannot number it.
   */
  version: number
  /** An envelope (capabilities.envelope) or the UTF-8 value (native backends). */
  payload: Uint8Array
  /** When this version was written. */
  createdAt: Date
}

/** A version's metadata, without its payload. */
export type VersionInfo = Omit<SecretRecord, 'payload'>

/** A secret's summary in a listing: its latest version's metadata. Never a value. */
export interface SecretSummary {
  /** The secret's name. */
  name: string
  /** The latest version number. */
  version: number
  /** The latest version's description. */
  description: string | null
  /** When the first version was written (the creation time where the backend cannot tell). */
  createdAt: Date
  /** When the latest version was written. */
  updatedAt: Date
  /** Who wrote the latest version. */
  updatedBy: string | null
}

/** Input of {@link SecretBackend.put}. */
export interface PutInput {
  /**
   * Returns the bytes to store as version `version`: an envelope sealed for
   * that number (record stores), or the UTF-8 value (native backends). Call
   * it with the number the write gets if it commits, once per attempt (a
   * write that retries with another number calls it again); it costs one
   * seal. Store exactly what it returned for that number, nothing else. (A
   * backend may also call it once before any I/O to check the payload's
   * size, which does not depend on the number.)
   */
  payload: (version: number) => Uint8Array
  /**
   * The new version's description. `undefined` keeps the latest version's
   * description (null when there is none); `null` clears it.
   */
  description?: string | null
  /** The accessor writing this version. */
  createdBy: string | null
  /** Set by a rotation: until when the previous version stays valid. */
  previousExpiresAt: Date | null
  /**
   * Compare-and-set: `0` writes only if the name does not exist; `n` only if
   * the latest version is `n`. Absent: append a version atomically whatever
   * the latest is (concurrent appends all land, with contiguous numbers).
   * A failed condition throws `ConflictError`.
   */
  ifVersion?: number
  /** A unique id for this write, for services that make writes idempotent with it. */
  requestId: string
}

/** Options of {@link SecretBackend.list}. */
export interface ListOptions {
  /** Only names starting with this prefix. */
  prefix?: string
  /** Page size, 1 to 1000. */
  limit: number
  /** The `cursor` of the previous page. */
  cursor?: string
}

/** A page of a listing. */
export interface ListPage {
  /** Summaries in name order (byte order of the UTF-8 name). */
  items: SecretSummary[]
  /** Pass to the next call; null on the last page. */
  cursor: string | null
}

/** One stored version as {@link SecretBackend.scan} walks them, across all scopes. */
export interface ScannedRecord {
  /** The canonical scope key. */
  scopeKey: string
  /** The secret's name. */
  name: string
  /** Version number. */
  version: number
  /** The stored envelope. */
  payload: Uint8Array
}

/** A rewrapped payload for {@link SecretBackend.replacePayloads}. */
export interface PayloadUpdate {
  /** The canonical scope key. */
  scopeKey: string
  /** The secret's name. */
  name: string
  /** Version number. */
  version: number
  /** The payload as scanned; the update applies only if it is still stored. */
  previous: Uint8Array
  /** The new payload. */
  payload: Uint8Array
}

/** A page of {@link SecretBackend.scan}. */
export interface ScanPage {
  /** Records in a stable order. */
  records: ScannedRecord[]
  /** Pass to the next call; null when the walk is done. */
  cursor: string | null
}

/**
 * A storage adapter (contract `v2`). Required: everything but the methods marked optional.
 * Every method takes the scope first; a backend must never let one scope's
 * call read, list or change another scope's records.
 */
export interface SecretBackend {
  /** The contract version this backend implements. */
  readonly specificationVersion: BackendSpecificationVersion
  /** A short name for messages and audit, such as `memory` or `kysely:postgres`. */
  readonly name: string
  /** What this backend can do. */
  readonly capabilities: BackendCapabilities

  /**
   * Reads many records in one round trip.
   * @returns one entry per key, in the same order, `null` where absent
   */
  getMany(scope: Scope, keys: readonly RecordKey[]): Promise<Array<SecretRecord | null>>
  /** Reads the latest version, or the given one; `null` when absent. */
  get(scope: Scope, name: string, version?: number): Promise<SecretRecord | null>
  /**
   * Writes a new version.
   * @returns the new version's metadata
   * @throws ConflictError when `ifVersion` does not hold
   */
  put(scope: Scope, name: string, input: PutInput): Promise<VersionInfo>
  /** Deletes every version. @returns whether the name existed */
  delete(scope: Scope, name: string): Promise<boolean>
  /** Lists summaries in name order, paged. Never values. */
  list(scope: Scope, options: ListOptions): Promise<ListPage>
  /** Every version's metadata, newest first; empty when the name is absent. */
  versions(scope: Scope, name: string): Promise<VersionInfo[]>

  /** Optional: walks every stored version of every scope in pages (for `rekey`). */
  scan?(options: { limit: number; cursor?: string }): Promise<ScanPage>
  /**
   * Optional, with `scan`: replaces payloads of existing versions (rekey writes
   * rewrapped envelopes), each only where the stored payload still equals
   * `previous` (a version deleted or recreated meanwhile is left alone).
   * @returns how many were replaced
   */
  replacePayloads?(updates: readonly PayloadUpdate[]): Promise<number>
  /** Optional: releases what the backend opened itself (never a client the user passed in). */
  close?(): Promise<void>
}

/** Input of a `v1` backend's `put`: finished bytes instead of a payload per version. */
export interface PutInputV1 extends Omit<PutInput, 'payload'> {
  /** The bytes to store. */
  payload: Uint8Array
}

/**
 * A backend of the first contract, whose `put` takes finished bytes. The store
 * still runs it: with `capabilities.cas` it seals for the next version and
 * writes with `ifVersion` (retrying a lost race), so versions stay bound into
 * envelopes; without CAS it writes format-1 envelopes, which bind scope and
 * name only. Implement `v2` for new backends.
 */
export interface SecretBackendV1 extends Omit<SecretBackend, 'specificationVersion' | 'put'> {
  /** The first contract. */
  readonly specificationVersion: 'v1'
  /** Writes a new version from finished bytes, as {@link SecretBackend.put}. */
  put(scope: Scope, name: string, input: PutInputV1): Promise<VersionInfo>
}
