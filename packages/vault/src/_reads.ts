/**
 * Reads: one `GET <mount>/data/<path>` per record (with `?version=n` for a
 * pinned version). Vault has no batch read, so `getMany` runs its reads
 * through a bounded pool: N names cost N requests but about
 * ceil(N / concurrency) round-trip times. A soft-deleted or destroyed
 * version answers 404, so it reads as absent, never as an empty value.
 * @module
 */
import {
  assertVersionNumber,
  type RecordKey,
  readEach,
  type Scope,
  type SecretRecord,
} from '@secrets/core'
import { type BackendContext, call } from './_context.js'
import { isGone } from './_key-metadata.js'
import { readEntry } from './_metadata.js'
import { payloadOf } from './_values.js'

/** The body of a KV v2 data read. */
interface DataResponse {
  data?: {
    data?: unknown
    metadata?: {
      version?: unknown
      created_time?: unknown
      custom_metadata?: unknown
      deletion_time?: unknown
      destroyed?: unknown
    } | null
  }
}

/**
 * Reads many records through the pool, each distinct (name, version) once.
 * @throws {InvalidArgumentError} / {InvalidNameError} for a malformed key, before any I/O
 * @throws {BackendError} for any failure but "not found"
 */
export function getMany(
  ctx: BackendContext,
  scope: Scope,
  keys: readonly RecordKey[],
): Promise<Array<SecretRecord | null>> {
  return readEach(keys, ctx.concurrency, (key) =>
    readRecord(ctx, key.name, ctx.naming.path(scope, key.name), key.version),
  )
}

/**
 * Reads one record: one request.
 * @returns the record, or null when the secret or that version is absent, deleted or destroyed
 */
export async function get(
  ctx: BackendContext,
  scope: Scope,
  name: string,
  version?: number,
): Promise<SecretRecord | null> {
  if (version !== undefined) assertVersionNumber(version)
  return readRecord(ctx, name, ctx.naming.path(scope, name), version)
}

async function readRecord(
  ctx: BackendContext,
  name: string,
  path: string,
  version: number | undefined,
): Promise<SecretRecord | null> {
  const query = version === undefined ? '' : `?version=${version}`
  const body = await call<DataResponse | null>(
    ctx,
    { path: `/${ctx.mount}/data/${path}${query}`, method: 'GET' },
    { area: 'data', path, needs: 'read' },
    (failure) => (failure.status === 404 ? null : undefined),
  )
  const meta = body?.data?.metadata
  if (!body?.data || !meta || isGone(meta.deletion_time, meta.destroyed)) return null
  const number = Number(meta.version)
  if (!Number.isSafeInteger(number) || number < 1) return null
  const payload = payloadOf(body.data.data, ctx.envelope)
  if (payload === null) return null
  const entry = readEntry(meta.custom_metadata, number)
  return {
    name,
    version: number,
    payload,
    description: entry.description,
    createdBy: entry.createdBy,
    previousExpiresAt: entry.previousExpiresAt,
    createdAt: dateOf(meta.created_time),
  }
}

/** A Vault timestamp (RFC 3339) as a Date; the epoch when absent or malformed. */
export function dateOf(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN)
  return Number.isFinite(date.getTime()) ? date : new Date(0)
}
