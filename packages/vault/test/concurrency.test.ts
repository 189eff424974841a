import { ConflictError, createSecrets, generateMasterKey, Keyring, toScope } from '@secrets/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { vaultBackend } from '../src/index.js'
import { ensureMount, skipWithoutVault, testClient, uniquePrefix } from './_openbao.js'

/** Keeps 100 versions, so that all 20 appends stay readable. */
const MOUNT = 'kv-race'

const WRITERS = 20
const scope = toScope({ tenant: 'race' })
const input = (value: string, extra: { ifVersion?: number } = {}) => ({
  payload: () => new TextEncoder().encode(value),
  createdBy: 'test',
  previousExpiresAt: null,
  requestId: crypto.randomUUID(),
  ...extra,
})

describe.skipIf(skipWithoutVault())('vaultBackend under concurrent writers (OpenBao)', () => {
  const backend = vaultBackend({ client: testClient(), mount: MOUNT, prefix: uniquePrefix('race') })
  beforeAll(() => ensureMount(MOUNT, { maxVersions: 100 }))

  it('lets exactly one of 20 compare-and-set writers win each round, losing no update', async () => {
    await backend.put(scope, 'CAS', input('v0', { ifVersion: 0 }))
    let expected = 1
    for (let round = 0; round < 5; round++) {
      const results = await Promise.allSettled(
        Array.from({ length: WRITERS }, (_, i) =>
          backend.put(scope, 'CAS', input(`r${round}w${i}`, { ifVersion: expected })),
        ),
      )
      const won = results.filter((r) => r.status === 'fulfilled')
      const lost = results.filter((r) => r.status === 'rejected')
      expect(won).toHaveLength(1)
      for (const r of lost)
        expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError)
      expected += 1
      const latest = await backend.get(scope, 'CAS')
      expect(latest?.version).toBe(expected)
      // The winner's value is the one stored: no update was lost or overwritten.
      const winner = (won[0] as PromiseFulfilledResult<{ version: number }>).value
      expect(winner.version).toBe(expected)
    }
  })

  it('lands 20 concurrent appends as 20 distinct, contiguous versions', async () => {
    const infos = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) => backend.put(scope, 'APPEND', input(`a${i}`))),
    )
    const numbers = infos.map((info) => info.version).sort((a, b) => a - b)
    expect(numbers).toEqual(Array.from({ length: WRITERS }, (_, i) => i + 1))
    const values = await Promise.all(numbers.map((v) => backend.get(scope, 'APPEND', v)))
    const texts = new Set(values.map((r) => new TextDecoder().decode(r!.payload)))
    expect(texts.size).toBe(WRITERS) // every write kept its own value
  })

  it('keeps the store usable with a keyring over these races (client-side mode)', async () => {
    const secrets = createSecrets({
      backend: vaultBackend({
        client: testClient(),
        prefix: uniquePrefix('race-cse'),
        clientSideEncryption: true,
      }),
      keyring: Keyring.fromKeys({ keys: { a: generateMasterKey() } }),
      audit: () => {},
    })
    const handle = secrets.scope({ tenant: 'acme' })
    await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        handle.set('K', `value-${i}`, { accessor: 'test' }),
      ),
    )
    const versions = await handle.versions('K', { accessor: 'test' })
    expect(versions.map((v) => v.version)).toEqual(
      Array.from({ length: 10 }, (_, i) => WRITERS - i), // the mount keeps 10 versions
    )
    expect((await handle.get('K', { accessor: 'test' })).startsWith('value-')).toBe(true)
  })
})
