/** The compare-and-set tier. Internal to `@secrets/core/testing`. */

import { ConflictError } from '../errors/conflict-error.js'
import type { Kit } from './_kit.js'
import { describe, expect, it } from './_vitest.js'

/** Registers the compare-and-set tier (skipped where `capabilities.cas` is false). */
export function casTier(kit: Kit): void {
  describe('compare-and-set', () => {
    it('lets exactly one of two concurrent creators win', async (t) => {
      if (!kit.caps.cas) t.skip()
      const s = kit.store().scope(kit.freshScope())
      const results = await Promise.allSettled([
        s.set('RACE', 'first', { ifVersion: 0 }),
        s.set('RACE', 'second', { ifVersion: 0 }),
      ])
      const won = results.filter((r) => r.status === 'fulfilled')
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      expect(won).toHaveLength(1)
      expect(lost).toHaveLength(1)
      expect(ConflictError.isInstance(lost[0]!.reason)).toBe(true)
      expect(['first', 'second']).toContain(await s.get('RACE', kit.ctx))
      expect((await s.versions('RACE')).length).toBe(1)
    })

    it('rejects a stale expected version and leaves the data as it was', async (t) => {
      if (!kit.caps.cas) t.skip()
      const s = kit.store().scope(kit.freshScope())
      await s.set('CAS', 'v1')
      await s.set('CAS', 'v2', { ifVersion: 1 })
      await expect(s.set('CAS', 'lost', { ifVersion: 1 })).rejects.toBeInstanceOf(ConflictError)
      await expect(s.set('CAS', 'lost', { ifVersion: 0 })).rejects.toBeInstanceOf(ConflictError)
      const absent = await s.set('NEVER_SET', 'x', { ifVersion: 3 }).catch((e: unknown) => e)
      expect(ConflictError.isInstance(absent)).toBe(true)
      expect((absent as Error).message).toMatch(/does not exist/)
      expect(await s.get('CAS', kit.ctx)).toBe('v2')
      expect((await s.versions('CAS')).map((v) => v.version)).toEqual([2, 1])
    })

    it('lands 20 concurrent rotations as 20 new contiguous versions', async (t) => {
      if (!kit.caps.cas || !kit.caps.versions) t.skip()
      const s = kit.store().scope(kit.freshScope())
      await s.set('HOT', 'v0')
      const written = await Promise.all(
        Array.from({ length: 20 }, (_, i) => s.rotate('HOT', `r${i}`)),
      )
      expect(written.map((w) => w.version).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 2),
      )
      const versions = await s.versions('HOT')
      expect(versions.map((v) => v.version)).toEqual(Array.from({ length: 21 }, (_, i) => 21 - i))
      const values = new Set<string>()
      for (let v = 2; v <= 21; v++) values.add(await s.get('HOT', { ...kit.ctx, version: v }))
      expect(values).toEqual(new Set(Array.from({ length: 20 }, (_, i) => `r${i}`)))
    })
  })
}
