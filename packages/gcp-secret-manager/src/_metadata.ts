/**
 * Metadata, kept on the SECRET (Secret Manager versions carry none), never in
 * the value:
 *
 * - annotation `secrets-latest`: the committed latest version number (`0`
 *   while none is committed). Reads follow it, not GCP's `latest` alias, so a
 *   version added by a writer that has not committed (or lost) is never
 *   served. A secret without it was not created by this backend;
 * - annotation `secrets-v<n>`: version n's entry, compact JSON
 *   `{ b?: createdBy, d?: description, x?: previousExpiresAt ms, r: requestId,
 *   t?: created ms }`, kept for the newest 20 versions and within GCP's limit
 *   of 16 KiB for all annotation keys and values together (the oldest entries
 *   go first);
 * - labels `secrets_managed=true` and `secrets_scope_<key>=<value>` (lower
 *   case, other characters as `_`, at most 63), set when the secret is
 *   created, for filtering in the console and a server-side pre-filter in
 *   `list`. The secret id is what isolates scopes, not the labels.
 * @module
 */
import { InvalidArgumentError, type Scope, type VersionMetadata } from '@secrets/core'
import type { SecretMessage } from './_client.js'
import { dateOf } from './_client.js'

/** The annotation holding the committed latest version. */
export const LATEST_KEY = 'secrets-latest'
/** Entries kept: the newest versions' metadata. */
export const MAX_ENTRIES = 20
/** The largest entry accepted, in bytes: a quarter of the annotations' 16 KiB. */
export const MAX_ENTRY_BYTES = 4096
/** GCP: annotation keys and values together must be less than 16 KiB. */
const ANNOTATION_LIMIT = 16 * 1024
const ENTRY_KEY = /^secrets-v([1-9][0-9]{0,15})$/
const NUMBER = /^(?:0|[1-9][0-9]{0,15})$/

/** One version's metadata as an entry holds it. */
export interface VersionEntry extends VersionMetadata {
  /** When GCP created the version. */
  createdAt: Date | null
}

/** A secret as `GetSecret` (or a listing) shows it. */
export interface SecretState {
  /** The secret id. */
  readonly id: string
  /** The etag an update must name. */
  readonly etag: string
  readonly createdAt: Date
  /** The committed latest version; 0 before the first commit; null for a secret this backend did not create. */
  readonly latest: number | null
  /** Version number -> entry text, as stored. */
  readonly entries: ReadonlyMap<number, string>
  /** Annotations that are not this backend's, kept as they are on every update. */
  readonly others: Readonly<Record<string, string>>
}

/** The state of a secret from its message. */
export function stateOf(id: string, secret: SecretMessage): SecretState {
  const entries = new Map<number, string>()
  const others: Record<string, string> = {}
  let latest: number | null = null
  for (const [key, value] of Object.entries(secret.annotations ?? {})) {
    const n = ENTRY_KEY.exec(key)?.[1]
    if (n !== undefined) entries.set(Number(n), value)
    else if (key === LATEST_KEY && NUMBER.test(value)) latest = Number(value)
    else others[key] = value
  }
  return {
    id,
    etag: secret.etag ?? '',
    createdAt: dateOf(secret.createTime),
    latest,
    entries,
    others,
  }
}

/** Version n's entry, or null when it has none (written elsewhere, pruned, or not committed). */
export function entryOf(state: SecretState, version: number): VersionEntry | null {
  const text = state.entries.get(version)
  if (text === undefined) return null
  let raw: Record<string, unknown>
  try {
    raw = JSON.parse(text)
    if (typeof raw !== 'object' || raw === null) return null
  } catch {
    return null // a damaged entry reads as none
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : null)
  const date = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? new Date(v) : null)
  return {
    createdBy: str(raw.b),
    description: str(raw.d),
    previousExpiresAt: date(raw.x),
    requestId: str(raw.r),
    createdAt: date(raw.t),
  }
}

/**
 * Encodes an entry.
 * @throws {InvalidArgumentError} over {@link MAX_ENTRY_BYTES} (checked before any I/O)
 */
export function encodeEntry(entry: VersionEntry): string {
  const text = JSON.stringify({
    ...(entry.createdBy === null ? {} : { b: entry.createdBy }),
    ...(entry.description === null ? {} : { d: entry.description }),
    ...(entry.previousExpiresAt === null ? {} : { x: entry.previousExpiresAt.getTime() }),
    r: entry.requestId,
    ...(entry.createdAt === null ? {} : { t: entry.createdAt.getTime() }),
  })
  if (bytes(text) > MAX_ENTRY_BYTES) {
    throw new InvalidArgumentError(
      `This backend keeps a version's metadata in ${MAX_ENTRY_BYTES} bytes of annotations; this one's description and writer take ${bytes(text)}: shorten them`,
    )
  }
  return text
}

/**
 * The annotations after committing version `version` as the entry `entry`,
 * with `latest` as the committed latest: the other annotations unchanged,
 * then the newest entries that fit GCP's limits.
 * @throws {InvalidArgumentError} when the other annotations leave no room for the entry
 */
export function committedAnnotations(
  state: SecretState,
  version: number,
  entry: string,
  latest: number,
): Record<string, string> {
  const out: Record<string, string> = { ...state.others, [LATEST_KEY]: String(latest) }
  let total = Object.entries(out).reduce((sum, [k, v]) => sum + bytes(k) + bytes(v), 0)
  const candidates = new Map(state.entries).set(version, entry)
  const newest = [...candidates.keys()].filter((n) => n <= latest).sort((a, b) => b - a)
  for (const n of newest.slice(0, MAX_ENTRIES)) {
    const key = `secrets-v${n}`
    const size = bytes(key) + bytes(candidates.get(n)!)
    if (total + size >= ANNOTATION_LIMIT) {
      if (n === version) {
        throw new InvalidArgumentError(
          `Secret "${state.id}" has other annotations that leave too little of GCP's 16 KiB for this version's metadata (${size} bytes): remove some, or shorten the description`,
        )
      }
      break
    }
    out[key] = candidates.get(n)!
    total += size
  }
  return out
}

/**
 * Whether version n was committed: at most the committed latest, and either
 * with an entry or older than every entry (history whose entry was pruned,
 * or versions from before this backend took the secret over). A version
 * without an entry among the entries' range was never committed (a lost
 * race, or a writer that stopped before its commit). Every enabled version of
 * a secret this backend did not create counts.
 */
export function isCommitted(state: SecretState, version: number): boolean {
  if (state.latest === null) return true
  if (version < 1 || version > state.latest) return false
  if (state.entries.has(version) || state.entries.size === 0) return true
  return version < Math.min(...state.entries.keys())
}

/** The labels of a secret created for `scope`. */
export function scopeLabels(scope: Scope): Record<string, string> {
  const labels: Record<string, string> = { secrets_managed: 'true' }
  for (const [key, value] of Object.entries(scope.segments)) {
    labels[`secrets_scope_${key}`] = labelValue(value)
  }
  return labels
}

/** The ListSecrets filter terms that match the labels of `scope` (none for `{}`). */
export function scopeLabelFilter(scope: Scope): string[] {
  return Object.entries(scope.segments).map(
    ([key, value]) => `labels.secrets_scope_${key}:"${labelValue(value)}"`,
  )
}

function labelValue(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '_')
    .slice(0, 63)
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}
