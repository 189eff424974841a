/**
 * `GET <mount>/metadata/<path>`: a key's versions, their states and its
 * custom_metadata. Writes, `versions`, `list` and `delete` start from it.
 * @module
 */
import { type BackendContext, call } from './_context.js'

/** One version as the metadata endpoint describes it. */
export interface VersionState {
  createdAt: string
  /** Deleted (soft, or scheduled and past) or destroyed: reads as absent. */
  gone: boolean
}

/** A key's metadata. */
export interface KeyMetadata {
  /** The latest version Vault has numbered (0 before the first write). */
  current: number
  /** The oldest version Vault still keeps. */
  oldest: number
  createdAt: string
  custom: Record<string, unknown>
  versions: Map<number, VersionState>
}

interface MetadataResponse {
  data?: {
    current_version?: unknown
    oldest_version?: unknown
    created_time?: unknown
    custom_metadata?: unknown
    versions?: Record<
      string,
      { created_time?: unknown; deletion_time?: unknown; destroyed?: unknown }
    >
  }
}

/**
 * Reads a key's metadata.
 * @returns the metadata, or null when the key does not exist
 * @throws {BackendError} for any failure but "not found"
 */
export async function readKeyMetadata(
  ctx: BackendContext,
  path: string,
): Promise<KeyMetadata | null> {
  const body = await call<MetadataResponse | null>(
    ctx,
    { path: `/${ctx.mount}/metadata/${path}`, method: 'GET' },
    { area: 'metadata', path, needs: 'read' },
    (failure) => (failure.status === 404 ? null : undefined),
  )
  const data = body?.data
  if (!data) return null
  const versions = new Map<number, VersionState>()
  for (const [key, state] of Object.entries(data.versions ?? {})) {
    const n = Number(key)
    if (!Number.isSafeInteger(n) || n < 1) continue
    versions.set(n, {
      createdAt: typeof state.created_time === 'string' ? state.created_time : '',
      gone: isGone(state.deletion_time, state.destroyed),
    })
  }
  const custom = data.custom_metadata
  return {
    current: toCount(data.current_version),
    oldest: toCount(data.oldest_version),
    createdAt: typeof data.created_time === 'string' ? data.created_time : '',
    custom:
      typeof custom === 'object' && custom !== null ? (custom as Record<string, unknown>) : {},
    versions,
  }
}

/**
 * Whether a version reads as absent: destroyed, or deleted (a `deletion_time`
 * in the past; one in the future is a scheduled deletion, still readable).
 */
export function isGone(deletionTime: unknown, destroyed: unknown): boolean {
  if (destroyed === true) return true
  if (typeof deletionTime !== 'string' || deletionTime === '') return false
  const at = Date.parse(deletionTime)
  return !Number.isFinite(at) || at <= Date.now()
}

/** Whether a key's latest version is live (it exists and reads). */
export function latestIsLive(meta: KeyMetadata | null): meta is KeyMetadata {
  return meta !== null && meta.current > 0 && meta.versions.get(meta.current)?.gone === false
}

function toCount(value: unknown): number {
  const n = Number(value)
  return Number.isSafeInteger(n) && n >= 0 ? n : 0
}
