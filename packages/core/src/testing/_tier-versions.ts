/** The versions tier: earlier versions and rotation overlap. Internal to `@secrets/core/testing`. */

import { SecretNotFoundError } from '../errors/secret-not-found-error.js'
import { type Kit, ringA } from './_kit.js'
import { describe, expect, it } from './_vitest.js'

/** Registers the versions tier (skipped where `capabilities.versions` is false). */
export function versionsTier(kit: Kit): void {
  describe('versions', () => {
    it('keeps earlier versions readable and lists them newest first', async (t) => {
      if (!kit.caps.versions) t.skip()
      const s = kit.store().scope(kit.freshScope())
      await s.set('ROTATED', 'one', { description: 'first', accessor: 'alice' })
      await s.rotate('ROTATED', 'two', { accessor: 'bob' })
      await s.rotate('ROTATED', 'three', { accessor: 'carol' })
      expect(await s.get('ROTATED', { ...kit.ctx, version: 1 })).toBe('one')
      expect(await s.get('ROTATED', { ...kit.ctx, version: 2 })).toBe('two')
      expect(await s.get('ROTATED', kit.ctx)).toBe('three')
      await expect(s.get('ROTATED', { ...kit.ctx, version: 9 })).rejects.toBeInstanceOf(
        SecretNotFoundError,
      )
      const versions = await s.versions('ROTATED')
      expect(versions.map((v) => v.version)).toEqual([3, 2, 1])
      expect(versions.map((v) => v.createdBy)).toEqual(['carol', 'bob', 'alice'])
      expect(versions[2]!.description).toBe('first')
      expect(JSON.stringify(versions)).not.toContain('one')
    })

    it('serves the previous version during a rotation overlap window only', async (t) => {
      if (!kit.caps.versions) t.skip()
      let clock = Date.now()
      const st = kit.store(ringA, { now: () => new Date(clock) })
      const s = st.scope(kit.freshScope())
      await s.set('WEBHOOK_KEY', 'old')
      await s.rotate('WEBHOOK_KEY', 'new', { overlapMs: 60_000 })
      const during = await s.getActive('WEBHOOK_KEY', kit.ctx)
      expect(during.current).toMatchObject({ version: 2, value: 'new' })
      expect(during.previous).toMatchObject({ version: 1, value: 'old' })
      clock += 61_000
      expect((await s.getActive('WEBHOOK_KEY', kit.ctx)).previous).toBeNull()
      await expect(s.rotate('NEVER_SET', 'x')).rejects.toBeInstanceOf(SecretNotFoundError)
    })
  })
}
