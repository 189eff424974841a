/**
 * The retention part of the access-log suite: `prune` deletes the events
 * before its cut-off in batches until one comes back short, records one
 * `prune` event per run, and rejects bad options before any statement.
 * Internal to `@secrets/core/testing`.
 * @module
 */
import type { AuditEvent } from '../audit/audit-event.js'
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import type { AccessLogKit } from './_access-log-kit.js'
import { describe, expect, it } from './_vitest.js'
import { badPruneOptions } from './bad-prune-options.js'

/**
 * The cut-off of these tests, 2024-06-01 (UTC). The other parts write events
 * from 2025 on, so the prunes here delete only the events written here.
 */
const CUTOFF = Date.UTC(2024, 5, 1)

/** An event `offset` seconds from the cut-off (negative: older, to be pruned). */
const event = (offset: number, overrides: Partial<AuditEvent> = {}): AuditEvent => ({
  time: new Date(CUTOFF + offset * 1000),
  action: 'read',
  outcome: 'success',
  scope: { tenant: 'retention' },
  name: `NAME_${offset < 0 ? 'OLD' : 'NEW'}`,
  version: 1,
  accessor: `user:${offset}`,
  reason: null,
  ...overrides,
})

/** 23 events before the cut-off and 5 from it on (one exactly at it), interleaved: ids do not follow times. */
const log = (): AuditEvent[] =>
  Array.from({ length: 28 }, (_, i) => (i % 5 === 4 ? event((i - 4) / 5) : event(-1 - i)))

/** Registers the retention tests. */
export function accessLogPrune(kit: AccessLogKit): void {
  /** The prune events recorded so far (scope `{}`), newest first, as `[count, accessor]`. */
  const runs = async () =>
    (await kit.sink.query({ scope: {} })).items
      .filter((item) => item.action === 'prune')
      .map((item) => [item.count, item.accessor])

  /** Prunes, returning how many events it deleted and how many statements it ran. */
  const prune = async (options: Parameters<typeof kit.sink.prune>[0]) => {
    let deleted: number | undefined
    const statements = await kit.statementsOf(async () => {
      deleted = await kit.sink.prune(options)
    })
    return { deleted, statements }
  }

  describe('prune', () => {
    it('deletes events before the cut-off in bounded batches and records one prune event', async () => {
      await kit.sink.write(log())
      const before = new Date(CUTOFF)
      const run = await prune({ before, batchSize: 5, accessor: 'job:retention', reason: 'daily' })
      expect(run.deleted).toBe(23)
      // 5 + 5 + 5 + 5 + 3: a statement (at least) per batch, and one for the prune event.
      if (run.statements !== undefined) expect(run.statements).toBeGreaterThanOrEqual(5 + 1)
      const kept = await kit.sink.query({ scope: { tenant: 'retention' } })
      expect(kept.items.map((i) => i.time.getTime() - CUTOFF).sort((a, b) => a - b)).toEqual([
        0, 1000, 2000, 3000, 4000,
      ])
      const [pruned] = (await kit.sink.query({ scope: {}, limit: 1 })).items
      expect(pruned).toMatchObject({
        action: 'prune',
        outcome: 'success',
        scope: {},
        name: null,
        version: null,
        accessor: 'job:retention',
        reason: 'daily',
        count: 23,
      })
      expect(pruned?.time.getTime()).toBeGreaterThan(CUTOFF)

      // Nothing left to delete, and the run (accessor and reason null by default) is recorded all the same.
      expect(await kit.sink.prune({ before })).toBe(0)
      expect(await runs()).toEqual([
        [0, null],
        [23, 'job:retention'],
      ])
      expect((await kit.sink.query({ scope: { tenant: 'retention' } })).items).toEqual(kept.items)
    })

    it('runs on when the last batch is full', async () => {
      const scope = { tenant: 'exact' }
      await kit.sink.write(Array.from({ length: 6 }, (_, i) => event(-100 - i, { scope })))
      // Only these six are older than this cut-off: two full batches of 3.
      const run = await prune({ before: new Date(CUTOFF - 99_000), batchSize: 3 })
      expect(run.deleted).toBe(6)
      if (run.statements !== undefined) expect(run.statements).toBeGreaterThanOrEqual(2 + 1)
      expect((await kit.sink.query({ scope })).items).toEqual([])
      expect((await runs())[0]).toEqual([6, null])
    })

    it('rejects bad options before any statement, leaving the log as it was', async () => {
      const scope = { tenant: 'kept' }
      // Older than the cut-off the bad options carry: a prune that ran would delete them.
      await kit.sink.write(Array.from({ length: 3 }, (_, i) => event(-300 - i, { scope })))
      const stored = await kit.sink.query({ scope })
      const recorded = await runs()
      await kit.expectNoStatements(async () => {
        for (const options of badPruneOptions(new Date(CUTOFF))) {
          await expect(kit.sink.prune(options as never)).rejects.toBeInstanceOf(
            InvalidArgumentError,
          )
        }
      })
      expect(await kit.sink.query({ scope })).toEqual(stored)
      expect(stored.items).toHaveLength(3)
      expect(await runs()).toEqual(recorded)
    })
  })
}
