/**
 * The public shape of the store: options of `createSecrets`, the store, and
 * the scoped handle that application code uses.
 * @module
 */
import type { AuditOptions, AuditSinkInput } from '../audit/audit-sink.js'
import type { ScopeInput } from '../backend/scope.js'
import type {
  ListPage,
  SecretBackend,
  SecretBackendV1,
  VersionInfo,
} from '../backend/secret-backend.js'
import type { EngineName } from '../crypto/aead-engine.js'
import type { Keyring } from '../crypto/keyring.js'

/** Options of the optional read cache. */
export interface CacheOptions {
  /** How long a decrypted value may be served from memory, in milliseconds. */
  ttlMs: number
  /**
   * The most values kept; the least recently used go first.
   * @default 1000
   */
  maxEntries?: number
  /**
   * Serve an expired cached value when the backend fails, instead of the error.
   * @default false (fail-closed: a backend error is an error)
   */
  serveStaleOnError?: boolean
}

/** Options of {@link createSecrets}. */
export interface CreateSecretsOptions {
  /** Where records live: a `v2` backend, or a `v1` one (see {@link SecretBackendV1}). */
  backend: SecretBackend | SecretBackendV1
  /** The master keys. Required unless the backend keeps values natively (`capabilities.envelope: false`). */
  keyring?: Keyring
  /**
   * Where audit events go: a sink, a function, several of them, or full
   * options. `false` turns auditing off and must be asked for explicitly.
   */
  audit: AuditOptions | AuditSinkInput | readonly AuditSinkInput[] | false
  /** An optional TTL cache of decrypted values. @default no cache */
  cache?: CacheOptions | false
  /** The AES-256-GCM implementation. @default 'auto' */
  engine?: EngineName
  /** The largest value in UTF-8 bytes. @default 65536 */
  maxValueBytes?: number
  /** The overlap window `rotate` gives the previous version when none is passed. @default 0 */
  rotationOverlapMs?: number
  /**
   * Refuse writes, deletes, lists, version listings and rekeys that do not
   * name an `accessor` (reads always need one), so every audit event says who.
   * @default false
   */
  requireAccessor?: boolean
  /**
   * Refuse to open format-1 envelopes, which bind scope and name but not the
   * version number: set it once `rekey({ reseal: true })` has upgraded every
   * record, so an old envelope restored into a newer row fails to decrypt.
   * @default false
   */
  requireVersionedEnvelopes?: boolean
  /** The clock, for tests. @default () => new Date() */
  now?: () => Date
}

/** Who reads and why; required on every read. */
export interface AccessContext {
  /** Who is reading: `user:alice`, `plugin:slack`, `job:backup`. */
  accessor: string
  /** Why, for the audit trail. */
  reason?: string
}

/** Options of `get`. */
export interface GetOptions extends AccessContext {
  /** A version number; the latest when absent. */
  version?: number
}

/** Options of `set`. */
export interface SetOptions extends Partial<AccessContext> {
  /** A description kept beside the value (never the value). */
  description?: string
  /** Compare-and-set: `0` creates only; `n` writes only if the latest version is `n`. */
  ifVersion?: number
}

/** Options of `rotate`. */
export interface RotateOptions extends SetOptions {
  /** How long the previous version stays valid for {@link ScopedSecrets.getActive}. */
  overlapMs?: number
}

/** Options of `list`. */
export interface ListSecretsOptions extends Partial<AccessContext> {
  /** Only names starting with this. */
  prefix?: string
  /** Page size. @default 100 (at most 1000) */
  limit?: number
  /** The cursor of the previous page. */
  cursor?: string
}

/** One read of a batch. */
export interface SecretRequest {
  /** The secret's name. */
  name: string
  /** A version; the latest when absent. */
  version?: number
  /** Where the value will be used (config paths), recorded in the audit event. */
  usedAt?: readonly string[]
}

/** A value read, with its version. */
export interface SecretValue {
  /** The secret's name. */
  name: string
  /** The version read. */
  version: number
  /** The plaintext value. */
  value: string
}

/** The current value and, while its overlap window lasts, the previous one. */
export interface ActiveSecret {
  /** The latest version. */
  current: SecretValue
  /** The version before it, while the rotation overlap lasts; else null. */
  previous: (SecretValue & { expiresAt: Date }) | null
}

/** The result of a write. */
export interface WriteResult {
  /** The version written. */
  version: number
}

/** Options of {@link SecretStore.rekey}. */
export interface RekeyOptions {
  /** Records per page. @default 500 */
  batchSize?: number
  /** Called after every page. */
  onProgress?: (progress: RekeyProgress) => void
  /** Stops the walk between pages; what was rewrapped stays rewrapped. */
  signal?: AbortSignal
  /** Resume from the cursor of an earlier run's progress. */
  cursor?: string
  /** Who runs it, for the audit trail. */
  accessor?: string
  /**
   * Also reseal format-1 envelopes as format 2, binding each record's version
   * number into it (opens and seals each; the others are only rewrapped).
   * @default false
   */
  reseal?: boolean
}

/** Progress of a rekey walk. */
export interface RekeyProgress {
  /** Records looked at so far. */
  scanned: number
  /** Records rewrapped (or resealed) so far. */
  rewrapped: number
  /** Records that could not be rewrapped so far. */
  failed: number
  /** Where to resume; null when the walk is done. */
  cursor: string | null
}

/** The result of a rekey. */
export interface RekeyResult {
  /** Records looked at. */
  scanned: number
  /** Records rewrapped under the primary key (resealed ones included). */
  rewrapped: number
  /** Records resealed from format 1 to format 2 (with `reseal`). */
  resealed: number
  /** The primary key id everything is now wrapped under. */
  primaryKeyId: string
  /** Its fingerprint, as envelopes record it. */
  primaryFingerprint: string
  /**
   * Records that could not be rewrapped (corrupted, or under a key the keyring
   * lacks), left as they were. Names and codes only. When it is not empty,
   * `rekey()` throws `RekeyIncompleteError` carrying this result.
   */
  failed: RekeyFailure[]
}

/** The result of {@link ScopedSecrets.rewrap}. */
export interface RewrapResult {
  /** The secret's latest version. */
  version: number
  /** How many versions it has (all of them were looked at). */
  versions: number
  /**
   * Versions rewrapped under the primary key; the others already were (or
   * changed meanwhile, and keep their newer payload). 0 on backends that keep
   * values natively, which have no data keys.
   */
  rewrapped: number
  /** The primary key id the versions are now wrapped under; '' on native backends. */
  primaryKeyId: string
}

/** Options of {@link SecretStore.keyUsage}. */
export interface KeyUsageOptions {
  /** Records per page. @default 500 */
  batchSize?: number
  /** Stops the walk between pages. */
  signal?: AbortSignal
  /** Who asks, for the audit trail. */
  accessor?: string
}

/** How many stored envelopes one key wraps. */
export interface KeyUsageEntry {
  /** The id envelopes record: a fingerprint (or a label, in envelopes of older releases). */
  keyId: string
  /** The keyring's id for that key, or null when the keyring lacks it. */
  label: string | null
  /** Whether the keyring holds the key. */
  inKeyring: boolean
  /** Whether it is the primary key. */
  primary: boolean
  /** How many stored versions it wraps. */
  records: number
}

/** What {@link SecretStore.keyUsage} found: which keys stored envelopes need. */
export interface KeyUsage {
  /** Records looked at. */
  scanned: number
  /** One entry per key id found, and one for each keyring key (records 0 when unused). */
  keys: KeyUsageEntry[]
  /** Envelopes in format 1 (version not bound): `rekey({ reseal: true })` upgrades them. */
  format1: number
  /** Records whose envelope header is malformed. */
  malformed: number
}

/** A record rekey left as it was. */
export interface RekeyFailure {
  /** The canonical scope key. */
  scopeKey: string
  /** The secret's name. */
  name: string
  /** The version. */
  version: number
  /** Why: `DECRYPTION_FAILED` or `UNKNOWN_KEY_ID`. */
  code: string
}

/** A handle on one scope: everything application code does with secrets. */
export interface ScopedSecrets {
  /** The scope's segments. */
  readonly scope: Readonly<Record<string, string>>
  /**
   * Reads a value, audited.
   * @throws SecretNotFoundError, DecryptionError, UnknownKeyError, AuditError, BackendError
   */
  get(name: string, options: GetOptions): Promise<string>
  /**
   * Reads many latest values with one backend call and one audit batch.
   * @returns values by name
   * @throws MissingSecretError listing every absent name
   */
  getMany(names: readonly string[], options: AccessContext): Promise<Record<string, string>>
  /**
   * The batched primitive under `getMany` and `resolveConfig`: one backend
   * call and one audit batch for all requests; `null` where a secret is absent.
   */
  readMany(
    requests: readonly SecretRequest[],
    options: AccessContext,
  ): Promise<Array<SecretValue | null>>
  /** The current value and, during a rotation's overlap window, the previous one (webhook verification). */
  getActive(name: string, options: AccessContext): Promise<ActiveSecret>
  /** Writes a new version (creating the secret if needed). */
  set(name: string, value: string, options?: SetOptions): Promise<WriteResult>
  /**
   * Writes a new version of an existing secret, keeping the previous one valid
   * for `overlapMs`.
   * @throws SecretNotFoundError when the secret does not exist
   */
  rotate(name: string, value: string, options?: RotateOptions): Promise<WriteResult>
  /** Deletes every version. @returns whether it existed */
  delete(name: string, options?: Partial<AccessContext>): Promise<boolean>
  /**
   * Rewraps the data key of every version of one secret under the primary
   * key, leaving each value's ciphertext as it is (the per-secret form of
   * {@link SecretStore.rekey}, for scheduled hygiene). Idempotent; a version
   * changed meanwhile keeps its newer payload. Audited as a `rekey` event
   * naming the secret.
   * @throws SecretNotFoundError when the secret does not exist
   * @throws UnsupportedOperationError when the backend has no `replacePayloads`
   * @throws UnknownKeyError / DecryptionError when a version cannot be unwrapped (nothing is written)
   */
  rewrap(name: string, options?: Partial<AccessContext>): Promise<RewrapResult>
  /** Lists names and metadata, paged; never values. */
  list(options?: ListSecretsOptions): Promise<ListPage>
  /** Every version's metadata, newest first. */
  versions(name: string, options?: Partial<AccessContext>): Promise<VersionInfo[]>
  /** Drops a name's cached values (after it was changed outside this process). */
  invalidate(name: string): void
}

/** The store: binds backend, keys, audit and cache, and hands out scoped handles. */
export interface SecretStore {
  /** The backend's name. */
  readonly backendName: string
  /**
   * A handle on one scope.
   * @throws InvalidScopeError
   * @example secrets.scope({ tenant: 'acme', user: 'alice' })
   */
  scope(scope: ScopeInput): ScopedSecrets
  /**
   * Rewraps every data key not under the primary key; resumable, idempotent, abortable.
   * @throws RekeyIncompleteError when some record could not be rewrapped (the walk still finishes)
   */
  rekey(options?: RekeyOptions): Promise<RekeyResult>
  /**
   * Walks every record and counts which keys wrap them, reading headers only
   * (no value is decrypted): ask it before dropping a key.
   */
  keyUsage(options?: KeyUsageOptions): Promise<KeyUsage>
  /** Drops every cached value. */
  invalidateAll(): void
  /** Closes the backend (if it opened anything itself). */
  close(): Promise<void>
}
