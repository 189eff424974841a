/** importSecrets: idempotent, resumable, with a report that never holds a value. */
import { AbortedError, InvalidArgumentError } from '@secrets/core'
import { describe, expect, it } from 'vitest'
import { type ImportEntry, type ImportProgress, importSecrets } from '../src/index.js'
import { testStore } from './_stores.js'

const acme = { tenant: 'acme' }
const ctx = { accessor: 'test' }

function entries(count: number, value = (i: number) => `value-${i}-secret`): ImportEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    scope: acme,
    name: `KEY_${i}`,
    value: value(i),
  }))
}

describe('importSecrets', () => {
  it('creates, then finds everything unchanged on the second run and writes nothing', async () => {
    const { secrets, events } = testStore()
    const source = entries(250)
    const first = await importSecrets(secrets, source)
    expect(first).toEqual({
      created: 250,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      failed: [],
      dryRun: false,
    })
    const writes = events().filter((e) => e.action === 'write').length
    const second = await importSecrets(secrets, source)
    expect(second).toEqual({
      created: 0,
      updated: 0,
      unchanged: 250,
      skipped: 0,
      failed: [],
      dryRun: false,
    })
    expect(events().filter((e) => e.action === 'write').length).toBe(writes)
    expect((await secrets.scope(acme).versions('KEY_7', ctx)).length).toBe(1)
  })

  it('reads stored values audited as migrate:compare and writes as migrate:import', async () => {
    const { secrets, events } = testStore()
    await importSecrets(secrets, entries(3), { accessor: 'job:nexus-import' })
    const reasons = new Set(events().map((e) => `${e.action}:${e.reason}:${e.accessor}`))
    expect([...reasons].sort()).toEqual([
      'read:migrate:compare:job:nexus-import',
      'write:migrate:import:job:nexus-import',
    ])
  })

  it('applies the conflict policy to secrets that hold another value', async () => {
    for (const [conflict, expected] of [
      ['skip', { skipped: 2, updated: 0, failed: 0, value: 'old' }],
      ['overwrite', { skipped: 0, updated: 2, failed: 0, value: 'new' }],
      ['fail', { skipped: 0, updated: 0, failed: 2, value: 'old' }],
    ] as const) {
      const { secrets } = testStore()
      await importSecrets(
        secrets,
        entries(4, () => 'old'),
      )
      const changed = entries(4, (i) => (i < 2 ? 'new' : 'old'))
      const report = await importSecrets(secrets, changed, { conflict })
      const { failed, value, ...counts } = expected
      expect(report).toMatchObject({ ...counts, unchanged: 2 })
      expect(report.failed.length).toBe(failed)
      if (failed) expect(report.failed[0]).toEqual({ scope: acme, name: 'KEY_0', code: 'CONFLICT' })
      expect(await secrets.scope(acme).get('KEY_0', ctx)).toBe(value)
    }
  })

  it('counts without writing in a dry run', async () => {
    const { secrets, events } = testStore()
    await importSecrets(
      secrets,
      entries(2, () => 'old'),
    )
    const report = await importSecrets(
      secrets,
      entries(5, (i) => (i === 0 ? 'new' : 'old')),
      {
        dryRun: true,
        conflict: 'overwrite',
      },
    )
    expect(report).toEqual({
      created: 3,
      updated: 1,
      unchanged: 1,
      skipped: 0,
      failed: [],
      dryRun: true,
    })
    expect(events().filter((e) => e.action === 'write')).toHaveLength(2)
  })

  it('reports bad entries by name and code, goes on, and holds no value', async () => {
    const { secrets } = testStore()
    const source: ImportEntry[] = [
      { scope: acme, name: 'GOOD', value: 'sk_live_good_value' },
      { scope: acme, name: 'bad name!', value: 'sk_live_bad_name' },
      { scope: { Tenant: 'x' }, name: 'BAD_SCOPE', value: 'sk_live_bad_scope' },
      {
        scope: acme,
        name: 'THROWS',
        value: () => {
          throw new Error('sk_live_in_a_message')
        },
      },
      { scope: acme, name: 'NOT_TEXT', value: (() => 42) as unknown as () => string },
      { scope: acme, name: 'TOO_BIG', value: 'x'.repeat(70_000) },
    ]
    const report = await importSecrets(secrets, source)
    expect(report.created).toBe(1)
    expect(report.failed.map((f) => [f.name, f.code])).toEqual([
      ['bad name!', 'INVALID_NAME'],
      ['BAD_SCOPE', 'INVALID_SCOPE'],
      ['THROWS', 'SOURCE_ERROR'],
      ['NOT_TEXT', 'INVALID_VALUE'],
      ['TOO_BIG', 'INVALID_VALUE'],
    ])
    expect(JSON.stringify(report)).not.toMatch(/sk_live|xxxx/)
  })

  it('imports a name given twice once, with its last value when overwriting', async () => {
    const { secrets } = testStore()
    const source = [...entries(1, () => 'a'), ...entries(1, () => 'a'), ...entries(1, () => 'b')]
    const report = await importSecrets(secrets, source, { conflict: 'overwrite' })
    expect(report).toMatchObject({ created: 1, unchanged: 1, updated: 1 })
    expect(await secrets.scope(acme).get('KEY_0', ctx)).toBe('b')
  })

  it('stops on an aborted signal between batches, and a rerun resumes', async () => {
    const { secrets } = testStore()
    const controller = new AbortController()
    const progress: ImportProgress[] = []
    const run = importSecrets(secrets, entries(300), {
      batchSize: 100,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p)
        if (p.processed === 200) controller.abort()
      },
    })
    await expect(run).rejects.toBeInstanceOf(AbortedError)
    expect(progress.map((p) => p.created)).toEqual([100, 200])
    const resumed = await importSecrets(secrets, entries(300))
    expect(resumed).toMatchObject({ created: 100, unchanged: 200 })
  })

  it('reads async sources, and refuses what is not a source of entries', async () => {
    const { secrets } = testStore()
    async function* source() {
      yield* entries(3)
    }
    expect((await importSecrets(secrets, source())).created).toBe(3)
    await expect(importSecrets(secrets, [null as unknown as ImportEntry])).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
    await expect(importSecrets(secrets, [], { conflict: 'merge' as never })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
  })
})
