/**
 * The secrets collection's documents: their shape, the filter that finds one,
 * and conversions to the records the backend returns.
 *
 * One document per (scope, name), every kept version embedded:
 * `{ _id, s: scopeHash(scope.key), k: scope.key, n: name, latest, versions: [{ v, p, d, b, x, c, r }] }`
 * with `versions` in ascending `v` and `latest` equal to the last `v`.
 * @module
 */
import {
  BackendError,
  InvalidArgumentError,
  type Scope,
  type SecretRecord,
  scopeHash,
  type VersionInfo,
} from '@secrets/core'
import type { MongoDocument } from './mongo-database.js'

/** One embedded version. */
export interface VersionEntry {
  /** Version number. */
  v: number
  /** The envelope: written as a Uint8Array (BSON Binary), read as a driver Binary. */
  p: unknown
  /** Description. */
  d: string | null
  /** Created by. */
  b: string | null
  /** Previous version expires at (rotation overlap). */
  x: Date | null
  /** Created at. */
  c: Date
  /** The request id of the write that made it. */
  r: string
}

/** A secret's document as read (with a projection, only some fields). */
export interface SecretDocument {
  _id: unknown
  s: string
  k: string
  n: string
  latest: number
  versions: VersionEntry[]
}

/**
 * The filter of one scope's documents. Both the hash (indexed) and the key
 * itself: a SHA-256 collision between two scope keys would still not let
 * one scope read the other's secrets.
 * @throws {InvalidArgumentError} unless `scope` was made by `toScope()`
 */
export function scopeFilter(scope: Scope): { s: string; k: string } {
  if (typeof scope !== 'object' || scope === null || typeof scope.key !== 'string') {
    throw new InvalidArgumentError('A backend call needs a Scope made by toScope()')
  }
  return { s: scopeHash(scope.key), k: scope.key }
}

/** A copy of stored bytes (a driver Binary, or a Buffer under `promoteBuffers`). */
export function storedBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value)
  const binary = value as { value?: () => unknown } | null
  if (typeof binary?.value === 'function') {
    const bytes = binary.value()
    if (bytes instanceof Uint8Array) return new Uint8Array(bytes)
  }
  throw new BackendError('mongodb: a stored payload is not binary data')
}

/** A stored version's metadata. */
export function toVersionInfo(name: string, entry: VersionEntry): VersionInfo {
  return {
    name,
    version: Number(entry.v),
    createdAt: entry.c,
    description: entry.d ?? null,
    createdBy: entry.b ?? null,
    previousExpiresAt: entry.x ?? null,
  }
}

/** A stored version, payload included. */
export function toRecord(name: string, entry: VersionEntry): SecretRecord {
  return { ...toVersionInfo(name, entry), payload: storedBytes(entry.p) }
}

/** The versions of a document read with any projection (empty when absent). */
export function versionsOf(document: MongoDocument | null): VersionEntry[] {
  const versions = (document as Partial<SecretDocument> | null)?.versions
  return Array.isArray(versions) ? versions : []
}
