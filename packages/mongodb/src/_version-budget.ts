/**
 * How many versions a secret's document keeps, and how large each may be, so
 * that the document stays under MongoDB's 16 MiB limit.
 *
 * A put pushes the new version and trims the array to the newest
 * `maxVersions` (`$slice`), so a document holds at most `maxVersions`
 * versions. Each version may take `(16 MiB - 64 KiB) / maxVersions` bytes of
 * BSON (payload, description, createdBy, request id and framing); the 64 KiB
 * kept aside covers the document's own fields (the scope key is at most
 * ~19 KB). With the default 100 versions that is 167,116 bytes per version:
 * the store's default 64 KiB values (about 65.6 KB sealed) fill at most 6.5 MiB.
 * `capabilities.maxPayloadBytes` is that share less 4 KiB, room for the
 * largest metadata the store writes, so the store refuses an oversized value
 * before any I/O; a direct `put` whose version does not fit gets
 * `InvalidValueError` with the sizes only.
 * @module
 */
import { InvalidArgumentError, InvalidValueError } from '@secrets/core'

/** MongoDB's largest document, in bytes of BSON. */
const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
/** The default number of versions a secret keeps. */
export const DEFAULT_MAX_VERSIONS = 100
const MIN_VERSIONS = 2
const MAX_VERSIONS = 1000
/** Kept for the document's own fields (`_id`, `s`, `k`, `n`, `latest`). */
const HEADER_RESERVE = 64 * 1024
/** BSON framing of one embedded version besides its strings and payload. */
const ENTRY_FRAMING = 128
/** The most metadata the store writes: a 1024-character description, a 256-character accessor, a UUID. */
const STORE_METADATA = 4096

/** The size limits that follow from `maxVersions`. */
export interface VersionBudget {
  /** Versions a document keeps. */
  readonly maxVersions: number
  /** The most BSON one version may take. */
  readonly versionBytes: number
  /** The largest payload the store may send (capabilities.maxPayloadBytes). */
  readonly maxPayloadBytes: number
}

/**
 * The limits for a `maxVersions` option.
 * @throws {InvalidArgumentError} unless it is an integer from 2 to 1000
 */
export function versionBudget(maxVersions: unknown = DEFAULT_MAX_VERSIONS): VersionBudget {
  if (
    typeof maxVersions !== 'number' ||
    !Number.isInteger(maxVersions) ||
    maxVersions < MIN_VERSIONS ||
    maxVersions > MAX_VERSIONS
  ) {
    throw new InvalidArgumentError(
      `"maxVersions" must be an integer from ${MIN_VERSIONS} to ${MAX_VERSIONS}`,
    )
  }
  const versionBytes = Math.floor((MAX_DOCUMENT_BYTES - HEADER_RESERVE) / maxVersions)
  return Object.freeze({
    maxVersions,
    versionBytes,
    maxPayloadBytes: versionBytes - STORE_METADATA,
  })
}

const utf8 = (text: string | null) => (text === null ? 0 : Buffer.byteLength(text, 'utf8'))

/**
 * Checks that one version fits its share of the document.
 * @param name the secret, for the message
 * @throws {InvalidValueError} with the sizes only
 */
export function assertVersionFits(
  budget: VersionBudget,
  name: string,
  entry: { p: Uint8Array; d: string | null; b: string | null; r: string },
): void {
  const size = ENTRY_FRAMING + entry.p.byteLength + utf8(entry.d) + utf8(entry.b) + utf8(entry.r)
  if (size > budget.versionBytes) {
    throw new InvalidValueError(
      `A version of "${name}" takes ${size} bytes with its metadata; with maxVersions ${budget.maxVersions} a version may take at most ${budget.versionBytes} (MongoDB documents are limited to 16 MiB)`,
    )
  }
}
