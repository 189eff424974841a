/** The rekey tier: rewrapping under a new primary key. Internal to `@secrets/core/testing`. */

import { type Kit, marker, ringA, ringAB, ringB } from './_kit.js'
import { describe, expect, it } from './_vitest.js'

/** Registers the rekey tier (skipped where the backend cannot scan). */
export function rekeyTier(kit: Kit): void {
  describe('rekey', () => {
    it('rewraps every record under the new primary; abortable, resumable, idempotent', async (t) => {
      if (!kit.caps.envelope || !kit.backend.scan || !kit.backend.replacePayloads) t.skip()
      const scopes = [kit.freshScope(), kit.freshScope(), kit.freshScope()]
      const old = kit.store(ringA)
      const written: Array<[Record<string, string>, string, string]> = []
      for (const sc of scopes) {
        for (let i = 0; i < 7; i++) {
          const value = marker(`rekey-${i}`)
          await old.scope(sc).set(`K${i}`, value)
          written.push([sc, `K${i}`, value])
        }
      }
      const rotating = kit.store(ringAB)
      const controller = new AbortController()
      await expect(
        rotating.rekey({
          batchSize: 5,
          signal: controller.signal,
          onProgress: () => controller.abort(),
        }),
      ).rejects.toMatchObject({ code: 'ABORTED' })
      for (const [sc, name, value] of written)
        expect(await rotating.scope(sc).get(name, kit.ctx)).toBe(value)
      const concurrent = Promise.all(
        scopes.map((sc, i) => rotating.scope(sc).set('DURING', `during-${i}`)),
      )
      const progress: number[] = []
      const first = await rotating.rekey({
        batchSize: 5,
        onProgress: (p) => progress.push(p.scanned),
      })
      await concurrent
      expect(first.primaryKeyId).toBe('kit-b')
      expect(first.rewrapped).toBeGreaterThanOrEqual(written.length - 5)
      expect(progress.length).toBeGreaterThan(1)
      expect(first.failed).toEqual([])
      const again = await rotating.rekey({ batchSize: 50 })
      expect(again.rewrapped).toBe(0)
      expect(again.scanned).toBeGreaterThanOrEqual(written.length)
      const newOnly = kit.store(ringB)
      for (const [sc, name, value] of written)
        expect(await newOnly.scope(sc).get(name, kit.ctx)).toBe(value)
      for (const [i, sc] of scopes.entries())
        expect(await newOnly.scope(sc).get('DURING', kit.ctx)).toBe(`during-${i}`)
    })
  })
}
