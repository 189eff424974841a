/**
 * The indexed form of a scope key: lowercase hex SHA-256 of its UTF-8 bytes
 * (64 ASCII characters). Record stores index this instead of the key itself,
 * which can be long and holds arbitrary Unicode; a collision would need a
 * SHA-256 collision between two scope keys.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'

const CACHE_LIMIT = 4096
const cache = new Map<string, string>()
const encoder = new TextEncoder()

/**
 * Hashes a canonical scope key (`Scope.key`). Recent results are memoised: a
 * process talks to few scopes, and rekey hashes the same key once per version.
 * @example scopeHash(toScope({ tenant: 'acme' }).key) // 64 hex characters
 */
export function scopeHash(scopeKey: string): string {
  let hash = cache.get(scopeKey)
  if (hash === undefined) {
    hash = bytesToHex(sha256(encoder.encode(scopeKey)))
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(scopeKey, hash)
  }
  return hash
}
