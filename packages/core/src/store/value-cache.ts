/**
 * The optional TTL cache of decrypted values, least recently used first out.
 * Values live only in process memory; entries are dropped on every write
 * through the store, on `invalidate`, and when their TTL passes.
 *
 * Writes win over reads in flight: a read takes a ticket before it goes to the
 * backend, and `store` drops its result when the name was invalidated (or the
 * cache cleared) after that ticket was taken. Without this, a read that began
 * before a `delete` or `rotate` and finished after it would put the revoked
 * value back for a whole TTL.
 * @module
 */
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import type { CacheOptions } from './types.js'

/** What is cached for one (scope, name, version-or-latest). */
export interface CachedValue {
  version: number
  value: string
  previousExpiresAt: Date | null
}

interface Entry extends CachedValue {
  expiresAt: number
  group: string
}

/** A value found in the cache, fresh or (past its TTL) stale. */
export interface CacheHit {
  entry: CachedValue
  fresh: boolean
}

/** The cache the store uses. */
export interface ValueCache {
  /** A value, fresh or (when stale ones may be served) stale; undefined when absent. */
  lookup(
    scopeKey: string,
    name: string,
    version: number | undefined,
    now: number,
  ): CacheHit | undefined
  /** The ticket a read takes before it asks the backend. */
  ticket(): number
  /** Keeps a value read under `ticket`, unless its name was invalidated since. */
  store(
    scopeKey: string,
    name: string,
    version: number | undefined,
    value: CachedValue,
    now: number,
    ticket: number,
  ): void
  /** Drops every cached version of a name, and refuses results of reads in flight. */
  invalidate(scopeKey: string, name: string): void
  /** Drops everything, and refuses results of reads in flight. */
  clear(): void
}

/** Builds the cache, or null when caching is off. */
export function createValueCache(options: CacheOptions | false | undefined): ValueCache | null {
  if (!options) return null
  const { ttlMs, maxEntries = 1000, serveStaleOnError = false } = options
  if (!Number.isFinite(ttlMs) || ttlMs <= 0)
    throw new InvalidArgumentError('cache.ttlMs must be a positive number of milliseconds')
  if (!Number.isInteger(maxEntries) || maxEntries < 1)
    throw new InvalidArgumentError('cache.maxEntries must be a positive integer')
  /** Every cached value (one per name and version), in LRU order: `maxEntries` bounds its size. */
  const entries = new Map<string, Entry>()
  /** (scope, name) -> the keys of its cached versions, so a write drops them all at once. */
  const groups = new Map<string, Set<string>>()
  /** Ticket counter; every invalidation takes a number from it too. */
  let clock = 0
  /** (scope, name) -> the number of its last invalidation. */
  let invalidated = new Map<string, number>()
  /** The number of the last clear (or of a forgetting of `invalidated`). */
  let clearedAt = 0
  // `invalidated` keeps one number per recently written name. Past this size it
  // is forgotten and counted as a clear: reads in flight then keep nothing, which
  // costs them a cache fill and never serves a revoked value.
  const maxMarks = Math.max(1024, maxEntries * 4)

  const groupOf = (scopeKey: string, name: string) => `${scopeKey}\u0000${name}`
  const keyOf = (group: string, version: number | undefined) => `${group}\u0000${version ?? ''}`

  function drop(key: string): void {
    const entry = entries.get(key)
    if (!entry) return
    entries.delete(key)
    const group = groups.get(entry.group)
    group?.delete(key)
    if (group?.size === 0) groups.delete(entry.group)
  }

  return {
    lookup(scopeKey, name, version, now) {
      const key = keyOf(groupOf(scopeKey, name), version)
      const entry = entries.get(key)
      if (!entry) return undefined
      const fresh = entry.expiresAt > now
      if (!fresh && !serveStaleOnError) return undefined
      entries.delete(key)
      entries.set(key, entry)
      return { entry, fresh }
    },
    ticket: () => clock,
    store(scopeKey, name, version, value, now, ticket) {
      const group = groupOf(scopeKey, name)
      if (clearedAt > ticket || (invalidated.get(group) ?? 0) > ticket) return
      const key = keyOf(group, version)
      entries.delete(key)
      entries.set(key, { ...value, expiresAt: now + ttlMs, group })
      const keys = groups.get(group) ?? new Set<string>()
      groups.set(group, keys)
      keys.add(key)
      while (entries.size > maxEntries) drop(entries.keys().next().value!)
    },
    invalidate(scopeKey, name) {
      const group = groupOf(scopeKey, name)
      for (const key of groups.get(group) ?? []) entries.delete(key)
      groups.delete(group)
      invalidated.set(group, ++clock)
      if (invalidated.size > maxMarks) {
        invalidated = new Map()
        clearedAt = clock
      }
    },
    clear() {
      entries.clear()
      groups.clear()
      invalidated = new Map()
      clearedAt = ++clock
    },
  }
}
