import { describe, expect, it } from 'vitest'
import { createValueCache } from '../src/store/value-cache.js'

const value = { version: 1, value: 'v', previousExpiresAt: null }

describe('value cache tickets', () => {
  it('refuses a result read before its name was invalidated, keeps one read after', () => {
    const cache = createValueCache({ ttlMs: 1000 })!
    const before = cache.ticket()
    cache.invalidate('s', 'A')
    cache.store('s', 'A', undefined, value, 0, before)
    expect(cache.lookup('s', 'A', undefined, 0)).toBeUndefined()
    cache.store('s', 'B', undefined, value, 0, before) // another name was not invalidated
    expect(cache.lookup('s', 'B', undefined, 0)?.entry.value).toBe('v')
    cache.store('s', 'A', undefined, value, 0, cache.ticket())
    expect(cache.lookup('s', 'A', undefined, 0)?.entry.value).toBe('v')
  })

  it('counts forgotten invalidation marks as a clear: reads in flight then keep nothing', () => {
    const cache = createValueCache({ ttlMs: 1000, maxEntries: 1 })!
    const before = cache.ticket()
    for (let i = 0; i < 1100; i++) cache.invalidate('s', `N${i}`)
    cache.store('s', 'N0', undefined, value, 0, before)
    cache.store('s', 'OTHER', undefined, value, 0, before)
    expect(cache.lookup('s', 'N0', undefined, 0)).toBeUndefined()
    expect(cache.lookup('s', 'OTHER', undefined, 0)).toBeUndefined()
    cache.store('s', 'N0', undefined, value, 0, cache.ticket())
    expect(cache.lookup('s', 'N0', undefined, 0)?.entry.value).toBe('v')
  })

  it('refuses results of reads in flight after clear()', () => {
    const cache = createValueCache({ ttlMs: 1000 })!
    const before = cache.ticket()
    cache.clear()
    cache.store('s', 'A', undefined, value, 0, before)
    expect(cache.lookup('s', 'A', undefined, 0)).toBeUndefined()
  })
})
