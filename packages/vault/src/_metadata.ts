/**
 * Metadata in KV v2 `custom_metadata`, which belongs to the key, not to a
 * version, and which data reads return beside the value.
 *
 * - `description` and `created_by`: the latest description and writer, for
 *   people reading the key in Vault's UI or CLI.
 * - `secrets:v<n>`: version n's own metadata (writer, description, rotation
 *   overlap, request id) as compact JSON, so that reads, `versions()` and
 *   rotation see each version's data although Vault keeps it per key. Entries
 *   of versions Vault no longer has are dropped on the next write.
 *
 * Vault caps a custom_metadata value at 512 bytes and a key at 64 entries, so
 * a version's entry (and the description in it) must fit in 512 bytes. The
 * entry is written by a second request after the value (`PATCH` of the
 * metadata): a process killed between the two leaves a version without its
 * entry, which reads with no writer and the key's description.
 * @module
 */
import { InvalidArgumentError, type VersionMetadata } from '@secrets/core'

/** Vault's cap on a custom_metadata value, in bytes. */
export const MAX_METADATA_VALUE_BYTES = 512
/** The most per-version entries kept (Vault allows 64 keys in all). */
export const MAX_VERSION_ENTRIES = 50
const ENTRY_KEY = /^secrets:v([1-9][0-9]{0,15})$/

interface Entry {
  b?: string
  d?: string
  x?: number
  r?: string
}

/** The custom_metadata key of version n's entry. */
export function entryKey(version: number): string {
  return `secrets:v${version}`
}

/**
 * Encodes version metadata into its entry.
 * @throws {InvalidArgumentError} when it does not fit Vault's 512 bytes (checked before any I/O)
 */
export function encodeEntry(meta: VersionMetadata): string {
  const entry: Entry = {}
  if (meta.createdBy !== null) entry.b = meta.createdBy
  if (meta.description !== null) entry.d = meta.description
  if (meta.previousExpiresAt !== null) entry.x = meta.previousExpiresAt.getTime()
  if (meta.requestId !== null) entry.r = meta.requestId
  const text = JSON.stringify(entry)
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > MAX_METADATA_VALUE_BYTES) {
    throw new InvalidArgumentError(
      `Vault keeps custom metadata values of at most ${MAX_METADATA_VALUE_BYTES} bytes; this version's description and writer take ${bytes}: shorten the description`,
    )
  }
  return text
}

/**
 * Version n's metadata from a key's custom_metadata. A version without an
 * entry (written by another tool, or its entry was never saved) has no
 * writer, no overlap, and the key's `description`.
 */
export function readEntry(custom: unknown, version: number): VersionMetadata {
  const map = isMap(custom) ? custom : {}
  const raw = map[entryKey(version)]
  let entry: Entry | null = null
  if (typeof raw === 'string') {
    try {
      const parsed: unknown = JSON.parse(raw)
      if (isMap(parsed)) entry = parsed as Entry
    } catch {
      entry = null // a foreign or damaged entry reads as none
    }
  }
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null)
  if (entry === null) {
    return {
      createdBy: null,
      description: text(map.description),
      previousExpiresAt: null,
      requestId: null,
    }
  }
  return {
    createdBy: text(entry.b),
    description: text(entry.d),
    previousExpiresAt: typeof entry.x === 'number' ? new Date(entry.x) : null,
    requestId: text(entry.r),
  }
}

/**
 * The merge patch of custom_metadata after version n was written: its entry,
 * the mirrors, and null for the entries of versions Vault no longer keeps
 * (or beyond {@link MAX_VERSION_ENTRIES}).
 * @param oldest the oldest version Vault still keeps
 */
export function metadataPatch(
  custom: unknown,
  version: number,
  entry: string,
  meta: VersionMetadata,
  oldest: number,
): Record<string, string | null> {
  const patch: Record<string, string | null> = {
    [entryKey(version)]: entry,
    description: meta.description || null,
    created_by: meta.createdBy || null,
  }
  const floor = Math.max(oldest, version - MAX_VERSION_ENTRIES + 1)
  for (const key of Object.keys(isMap(custom) ? custom : {})) {
    const n = Number(ENTRY_KEY.exec(key)?.[1] ?? Number.NaN)
    if (n < floor) patch[key] = null
  }
  return patch
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
