/**
 * The reads of the access-log suite: a batch back field for field, keyset
 * paging by scope, name and outcome, and what a store audits through the
 * sink. Internal to `@secrets/core/testing`.
 * @module
 */
import type { AuditEvent } from '../audit/audit-event.js'
import type { AuditSink } from '../audit/audit-sink.js'
import type { AccessLogQuery } from '../backend-kit/access-log.js'
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import { createSecrets } from '../store/create-secrets.js'
import type { AccessLogKit } from './_access-log-kit.js'
import { ringA } from './_kit.js'
import { describe, expect, it } from './_vitest.js'
import { accessLogEvent as event } from './access-log-event.js'

/** Registers the reads. */
export function accessLogReads(kit: AccessLogKit): void {
  describe('reads', () => {
    it('writes a batch with one statement and reads every field back', async () => {
      const scope = { tenant: 'fields', user: 'ann' }
      const batch = [
        event(0, { usedAt: ['plugins.slack.token', 'env.SLACK'], scope }),
        event(1, { outcome: 'not_found', errorCode: 'SECRET_NOT_FOUND', scope }),
        event(2, { action: 'list', name: null, version: null, count: 42, scope }),
      ]
      const statements = await kit.statementsOf(() => kit.sink.write(batch))
      if (statements !== undefined) expect(statements).toBe(1)
      const page = await kit.sink.query({ scope: { user: 'ann', tenant: 'fields' } })
      expect(page.cursor).toBeNull()
      expect(page.items.map(({ id: _id, ...rest }) => rest)).toEqual([...batch].reverse())
      expect(page.items.every((item) => typeof item.id === 'string')).toBe(true)
    })

    it('pages one scope newest first without gaps or repeats, optionally by name', async () => {
      await kit.sink.write(Array.from({ length: 25 }, (_, i) => event(i)))
      await kit.sink.write([
        event(99, { scope: { tenant: 'log', user: 'other' } }),
        event(98, { scope: { tenant: 'elsewhere' } }),
      ])
      const seen: string[] = []
      let cursor: string | undefined
      let pages = 0
      const statements = await kit.statementsOf(async () => {
        do {
          const page = await kit.read({
            scope: { tenant: 'log' },
            limit: 10,
            ...(cursor === undefined ? {} : { cursor }),
          })
          expect(page.items.length).toBeLessThanOrEqual(10)
          seen.push(...page.items.map((item) => item.reason ?? ''))
          cursor = page.cursor ?? undefined
          pages++
        } while (cursor !== undefined && pages < 10)
      })
      expect(pages).toBe(3)
      // One statement per page, however deep.
      if (statements !== undefined) expect(statements).toBe(3)
      expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `reason ${24 - i}`))
      const byName: string[] = []
      cursor = undefined
      do {
        const page = await kit.sink.query({
          scope: { tenant: 'log' },
          name: 'NAME_1',
          limit: 3,
          ...(cursor === undefined ? {} : { cursor }),
        })
        byName.push(...page.items.map((item) => `${item.name}:${item.version}`))
        cursor = page.cursor ?? undefined
      } while (cursor !== undefined)
      expect(byName).toEqual([23, 20, 17, 14, 11, 8, 5, 2].map((v) => `NAME_1:${v}`))
      expect((await kit.sink.query({ scope: { tenant: 'nobody' } })).items).toEqual([])
    })

    it('records what the store audits, one write of one statement per batched read', async (t) => {
      const backend = kit.backend
      if (!backend) return t.skip()
      const writes: Array<{ events: number; statements: number | undefined }> = []
      const counted: AuditSink = {
        async write(events: readonly AuditEvent[]) {
          const statements = await kit.statementsOf(() => kit.sink.write(events))
          writes.push({ events: events.length, statements })
        },
      }
      const s = createSecrets({ backend, keyring: ringA, audit: counted }).scope({
        tenant: 'store',
      })
      const names = Array.from({ length: 50 }, (_, i) => `KEY_${i}`)
      for (const name of names) await s.set(name, `value-${name}`, { accessor: 'admin' })
      writes.length = 0
      await s.getMany(names, { accessor: 'job:report', reason: 'monthly' })
      expect(writes).toEqual([{ events: 50, statements: kit.counting ? 1 : undefined }])
      const page = await kit.sink.query({ scope: { tenant: 'store' }, limit: 50 })
      expect(page.items).toHaveLength(50)
      expect(
        page.items.every(
          (item) =>
            item.action === 'read' && item.accessor === 'job:report' && item.reason === 'monthly',
        ),
      ).toBe(true)
      expect(new Set(page.items.map((item) => item.name))).toEqual(new Set(names))
      const history = await kit.sink.query({ scope: { tenant: 'store' }, name: 'KEY_7' })
      expect(history.items.map((item) => item.action)).toEqual(['read', 'write'])
    })

    it('filters by outcome, pages the filtered events and binds the cursor to the filter', async () => {
      const scope = { tenant: 'outcomes' }
      const ways = ['success', 'not_found', 'error', 'conflict', 'decryption_failed'] as const
      await kit.sink.write(
        Array.from({ length: 30 }, (_, i) => event(i, { scope, outcome: ways[i % 5] })),
      )
      const pageAll = async (query: Omit<AccessLogQuery, 'scope' | 'cursor'>, limit: number) => {
        const seen: string[] = []
        let cursor: string | undefined
        let pages = 0
        do {
          const page = await kit.read({
            scope,
            ...query,
            limit,
            ...(cursor === undefined ? {} : { cursor }),
          })
          expect(page.items.length).toBeLessThanOrEqual(limit)
          seen.push(...page.items.map((i) => `${i.outcome}:${i.reason}`))
          cursor = page.cursor ?? undefined
        } while (cursor !== undefined && ++pages < 20)
        return seen
      }
      const newestFirst = (keep: (i: number) => boolean) =>
        Array.from({ length: 30 }, (_, i) => 29 - i)
          .filter(keep)
          .map((i) => `${ways[i % 5]}:reason ${i}`)
      expect(await pageAll({ outcome: 'not_found' }, 2)).toEqual(newestFirst((i) => i % 5 === 1))
      expect(await pageAll({ outcome: ['error', 'not_found', 'error'] }, 4)).toEqual(
        newestFirst((i) => i % 5 === 1 || i % 5 === 2),
      )
      expect(await pageAll({ name: 'NAME_0', outcome: ['error'] }, 1)).toEqual(
        newestFirst((i) => i % 3 === 0 && i % 5 === 2),
      )
      const first = await kit.sink.query({ scope, outcome: ['not_found', 'error'], limit: 3 })
      const cursor = first.cursor as string
      const next = await kit.sink.query({
        scope,
        outcome: ['error', 'not_found'],
        limit: 3,
        cursor,
      })
      expect(next.items.map((i) => i.reason)).toEqual([21, 17, 16].map((i) => `reason ${i}`))
      await kit.expectNoStatements(async () => {
        for (const outcome of [undefined, 'error', ['error', 'not_found', 'conflict']] as const) {
          await expect(kit.sink.query({ scope, outcome, cursor })).rejects.toThrow(
            /another "outcome"/,
          )
        }
        for (const outcome of ['nope', [], ['error', 'ERROR']]) {
          await expect(
            kit.sink.query({ scope, outcome: outcome as AccessLogQuery['outcome'] }),
          ).rejects.toBeInstanceOf(InvalidArgumentError)
        }
      })
    })
  })
}
