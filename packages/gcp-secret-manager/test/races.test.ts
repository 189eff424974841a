/**
 * Compare-and-set across writers that share nothing in this process: each
 * writer has its own backend (so its own write queue), as separate
 * processes would, over one client to the fake.
 */
import {
  ConflictError,
  createSecrets,
  generateMasterKey,
  Keyring,
  memoryAuditSink,
  type SecretBackend,
} from '@secrets/core'
import { describe, expect, it } from 'vitest'
import { encodeSecretId, gcpSecretManagerBackend } from '../src/index.js'
import { PROJECT, useFake, versionStates } from './_harness.js'

const WRITERS = 20
const ROUNDS = 5
const ctx = { accessor: 'test', reason: 'test' }
const keyring = Keyring.fromKeys({ keys: { k: generateMasterKey() } })

describe.each([false, true])('concurrent writers (clientSideEncryption: %s)', (cse) => {
  const h = useFake()
  const stores = () =>
    Array.from({ length: WRITERS }, () => {
      const backend: SecretBackend = gcpSecretManagerBackend({
        client: h.client,
        project: PROJECT,
        prefix: 'race',
        clientSideEncryption: cse,
      })
      return createSecrets({ backend, keyring, audit: memoryAuditSink() }).scope({ t: String(cse) })
    })
  const idOf = (name: string) => encodeSecretId(`race/t=${cse}/${name}`)

  it(`lets exactly one of ${WRITERS} ifVersion writers win each round, and loses no update`, async () => {
    const writers = stores()
    await writers[0]!.set('CAS', 'v0')
    const winners = new Map<number, string>([[1, 'v0']])
    for (let round = 1; round <= ROUNDS; round++) {
      const expected = Math.max(...winners.keys())
      const results = await Promise.allSettled(
        writers.map((s, i) => s.set('CAS', `r${round}-w${i}`, { ifVersion: expected })),
      )
      const won = results.flatMap((r, i) =>
        r.status === 'fulfilled' ? [[r.value.version, i]] : [],
      )
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      expect(won, `round ${round}`).toHaveLength(1)
      expect(lost.every((r) => ConflictError.isInstance(r.reason))).toBe(true)
      const [version, writer] = won[0]!
      winners.set(version!, `r${round}-w${writer}`)
      expect(await writers[round]!.get('CAS', ctx)).toBe(`r${round}-w${writer}`)
    }
    const reader = writers[0]!
    // Every acknowledged write is in the history, readable by its number.
    expect((await reader.versions('CAS')).map((v) => v.version)).toEqual(
      [...winners.keys()].sort((a, b) => b - a),
    )
    for (const [version, value] of winners) {
      expect(await reader.get('CAS', { ...ctx, version })).toBe(value)
    }
    // Every other version GCP holds is a loser's, disabled and never served.
    const states = await versionStates(h.client, idOf('CAS'))
    for (const [version, state] of states) {
      if (winners.has(version)) expect(state, `v${version}`).toBe('ENABLED')
      else {
        expect(state, `v${version}`).toBe('DISABLED')
        expect(await reader.readMany([{ name: 'CAS', version }], ctx)).toEqual([null])
      }
    }
  })

  it(`lands ${WRITERS} concurrent appends from separate writers, with distinct numbers`, async () => {
    const writers = stores()
    await writers[0]!.set('APPEND', 'v0')
    const written = await Promise.all(writers.map((s, i) => s.rotate('APPEND', `a${i}`)))
    const numbers = written.map((w) => w.version)
    expect(new Set(numbers).size).toBe(WRITERS)
    const reader = writers[1]!
    for (const [i, { version }] of written.entries()) {
      expect(await reader.get('APPEND', { ...ctx, version })).toBe(`a${i}`)
    }
    const listed = (await reader.versions('APPEND')).map((v) => v.version)
    expect(listed).toEqual([...numbers, 1].sort((a, b) => b - a))
    const latest = Math.max(...numbers)
    expect(await reader.get('APPEND', ctx)).toBe(`a${numbers.indexOf(latest)}`)
    const states = await versionStates(h.client, idOf('APPEND'))
    for (const [version, state] of states) {
      expect(state, `v${version}`).toBe(listed.includes(version) ? 'ENABLED' : 'DISABLED')
    }
  })

  it('serialises the writes of one backend: 20 concurrent appends, contiguous, nothing disabled', async () => {
    const [s] = stores()
    await s!.set('QUEUED', 'v0')
    const written = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) => s!.rotate('QUEUED', `q${i}`)),
    )
    expect(written.map((w) => w.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: WRITERS }, (_, i) => i + 2),
    )
    const states = await versionStates(h.client, idOf('QUEUED'))
    expect([...states.values()].every((state) => state === 'ENABLED')).toBe(true)
  })
})
