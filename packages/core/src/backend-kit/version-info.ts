/**
 * What a write records about its version, and the `VersionInfo` it returns,
 * the same way for every backend.
 * @module
 */
import type { PutInput, VersionInfo } from '../backend/secret-backend.js'

/** A version's metadata as backends keep it beside the payload. */
export interface VersionMetadata {
  createdBy: string | null
  description: string | null
  previousExpiresAt: Date | null
  /** The store's id of the write that made the version (for idempotent retries). */
  requestId: string | null
}

/**
 * The metadata a `put` records.
 * @param description the description the version gets (a `put` without one keeps the latest's)
 */
export function versionMetadataOf(input: PutInput, description: string | null): VersionMetadata {
  return {
    createdBy: input.createdBy ?? null,
    description,
    previousExpiresAt: input.previousExpiresAt ?? null,
    requestId: input.requestId,
  }
}

/**
 * The `VersionInfo` a `put` returns.
 * @param createdAt when the version was written (now, when the service does not say)
 */
export function versionInfoOf(
  name: string,
  version: number,
  meta: Pick<VersionMetadata, 'createdBy' | 'description' | 'previousExpiresAt'>,
  createdAt: Date = new Date(),
): VersionInfo {
  return {
    name,
    version,
    description: meta.description,
    createdBy: meta.createdBy,
    previousExpiresAt: meta.previousExpiresAt,
    createdAt,
  }
}
