/**
 * The optional TTL cache of decrypted values, least-recently-used first out.
 * Values live only in process memory; entries are dropped on every write
 * through the store, on `invalidate`, and when their TTL passes.
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
}

/** A value found in the cache, fresh or (past its TTL) stale. */
export interface CacheHit {
  entry: CachedValue
  fresh: boolean
}

/** The cache the store uses. */
export interface ValueCache {
  lookup(
    scopeKey: string,
    name: string,
    version: number | undefined,
    now: number,
  ): CacheHit | undefined
  store(
    scopeKey: string,
    name: string,
    version: number | undefined,
    value: CachedValue,
    now: number,
  ): void
  invalidate(scopeKey: string, name: string): void
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
  // One map per (scope, name) so a write drops every cached version of it at once;
  // the outer map's insertion order is the LRU order.
  const names = new Map<string, Map<number | 'latest', Entry>>()
  const keyOf = (scopeKey: string, name: string) => `${scopeKey}\u0000${name}`

  return {
    lookup(scopeKey, name, version, now) {
      const key = keyOf(scopeKey, name)
      const versions = names.get(key)
      const entry = versions?.get(version ?? 'latest')
      if (!entry) return undefined
      const fresh = entry.expiresAt > now
      if (!fresh && !serveStaleOnError) return undefined
      names.delete(key)
      names.set(key, versions!)
      return { entry, fresh }
    },
    store(scopeKey, name, version, value, now) {
      const key = keyOf(scopeKey, name)
      let versions = names.get(key)
      if (versions) names.delete(key)
      else versions = new Map()
      versions.set(version ?? 'latest', { ...value, expiresAt: now + ttlMs })
      names.set(key, versions)
      if (names.size > maxEntries) names.delete(names.keys().next().value!)
    },
    invalidate(scopeKey, name) {
      names.delete(keyOf(scopeKey, name))
    },
    clear() {
      names.clear()
    },
  }
}
