/**
 * The races tier: guarantees that only show under concurrency or tampering,
 * which every backend inherits. Internal to `@secrets/core/testing`.
 * @module
 */

import { toScope } from '../backend/scope.js'
import { DecryptionError } from '../errors/decryption-error.js'
import { type Kit, marker, rawPut } from './_kit.js'
import { describe, expect, it } from './_vitest.js'

/** Registers the races and rollback tier. */
export function racesTier(kit: Kit): void {
  describe('races and rollback', () => {
    it('keeps head and versions in agreement when a first write races a delete', async () => {
      const rounds = kit.options.raceRounds ?? 200
      const s = kit.store().scope(kit.freshScope())
      for (let round = 0; round < rounds; round++) {
        const name = `RACE_${round}`
        const value = `value-${round}`
        const write = () => s.set(name, value)
        const remove = () => s.delete(name)
        // Alternate which call starts first, so both orders get their chance.
        const [written, deleted] =
          round % 2 === 0
            ? await Promise.allSettled([write(), remove()])
            : await Promise.allSettled([remove(), write()]).then(([d, w]) => [w, d] as const)
        expect(written.status, `round ${round}: set`).toBe('fulfilled')
        expect((written as PromiseFulfilledResult<{ version: number }>).value.version).toBe(1)
        expect(deleted.status, `round ${round}: delete`).toBe('fulfilled')
        const existed = (deleted as PromiseFulfilledResult<boolean>).value
        const listed = (await s.list({ prefix: name, limit: 10 })).items.some(
          (i) => i.name === name,
        )
        const versions = (await s.versions(name)).map((v) => v.version)
        const read = await s.readMany([{ name }], kit.ctx)
        // The write was acknowledged: the delete either removed it (and said so),
        // or ran first and found nothing, and the write is readable after it.
        if (existed) {
          expect({ round, listed, versions, read: read[0] }).toEqual({
            round,
            listed: false,
            versions: [],
            read: null,
          })
        } else {
          expect({ round, listed, versions, value: read[0]?.value }).toEqual({
            round,
            listed: true,
            versions: [1],
            value,
          })
        }
      }
    })

    it('scans every record exactly once while records behind the cursor are deleted', async (t) => {
      if (!kit.caps.envelope || !kit.backend.scan) t.skip()
      const scope = kit.freshScope()
      const s = kit.store().scope(scope)
      const key = toScope(scope).key
      const names = Array.from({ length: 30 }, (_, i) => `SCAN_${String(i).padStart(2, '0')}`)
      for (const name of names) await s.set(name, marker('scan'))
      const seen = new Map<string, number>()
      const deleted = new Set<string>()
      let cursor: string | undefined
      let pages = 0
      do {
        const page = await kit.backend.scan!({
          limit: 4,
          ...(cursor === undefined ? {} : { cursor }),
        })
        for (const r of page.records) {
          if (r.scopeKey === key) seen.set(r.name, (seen.get(r.name) ?? 0) + 1)
        }
        // Delete one of ours already walked past: an offset cursor would now skip one.
        const behind = [...seen.keys()].find((n) => !deleted.has(n))
        if (behind) {
          deleted.add(behind)
          await s.delete(behind)
        }
        cursor = page.cursor ?? undefined
        pages++
      } while (cursor !== undefined && pages < 10_000)
      for (const name of names) expect(seen.get(name), name).toBe(1)
    })

    it('refuses an earlier version envelope written back as the latest (rollback)', async (t) => {
      if (!kit.caps.envelope || !kit.caps.versions) t.skip()
      const scope = toScope(kit.freshScope())
      const s = kit.store().scope(scope.segments)
      await s.set('ROLLBACK', marker('old'))
      await s.rotate('ROLLBACK', marker('new'))
      const old = (await kit.backend.get(scope, 'ROLLBACK', 1))!
      const forged = await kit.backend.put(scope, 'ROLLBACK', rawPut(old.payload, 'attacker'))
      expect(forged.version).toBe(3)
      await expect(s.get('ROLLBACK', kit.ctx)).rejects.toBeInstanceOf(DecryptionError)
      expect(kit.audit.events.at(-1)).toMatchObject({ outcome: 'decryption_failed', version: 3 })
    })
  })
}
