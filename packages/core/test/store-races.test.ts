import { describe, expect, it } from 'vitest'
import {
  AuditError,
  createEnvelopeCipher,
  createSecrets,
  generateMasterKey,
  Keyring,
  memoryAuditSink,
  memoryBackend,
  SecretNotFoundError,
} from '../src/index.js'
import { countingBackend } from '../src/testing/index.js'
import { gate } from './_helpers.js'

const keyring = Keyring.fromKeys({ keys: { k1: generateMasterKey() } })
const ctx = { accessor: 'user:alice', reason: 'test' }

describe('the cache against writes in flight', () => {
  for (const [label, change] of [
    ['delete', (s: ReturnType<typeof cachedStore>['s']) => s.delete('TOKEN')],
    [
      'rotate',
      (s: ReturnType<typeof cachedStore>['s']) => s.rotate('TOKEN', 'revoked-by-rotation'),
    ],
  ] as const) {
    it(`never refills with a value read before a ${label} that finished during the read`, async () => {
      const { s, held, release } = cachedStore()
      await s.set('TOKEN', 'old-value')
      held.on = true
      const read = s.get('TOKEN', ctx) // holds in the audit sink, after the backend read
      await held.reached
      await change(s)
      release()
      expect(await read).toBe('old-value') // it began before the change
      held.on = false
      if (label === 'delete') {
        await expect(s.get('TOKEN', ctx)).rejects.toBeInstanceOf(SecretNotFoundError)
      } else {
        expect(await s.get('TOKEN', ctx)).toBe('revoked-by-rotation')
      }
    })
  }

  it('counts maxEntries in values, pinned versions included', async () => {
    const counted = countingBackend(memoryBackend())
    const s = createSecrets({
      backend: counted.backend,
      keyring,
      audit: false,
      cache: { ttlMs: 60_000, maxEntries: 2 },
    }).scope({ t: 'cache' })
    await s.set('K', 'v1')
    for (let v = 2; v <= 6; v++) await s.set('K', `v${v}`)
    for (let v = 1; v <= 6; v++) await s.get('K', { ...ctx, version: v })
    counted.reset()
    for (let v = 1; v <= 4; v++) await s.get('K', { ...ctx, version: v })
    expect(counted.calls.getMany).toBe(4) // none of them survived in a 2-entry cache
    counted.reset()
    await s.get('K', { ...ctx, version: 4 })
    await s.get('K', { ...ctx, version: 3 })
    expect(counted.calls.getMany ?? 0).toBe(0) // the two most recent did
  })
})

function cachedStore() {
  const held = { on: false, reached: Promise.resolve(), hold: gate() }
  let reach = () => {}
  const arm = () => {
    held.hold = gate()
    held.reached = new Promise<void>((r) => {
      reach = r
    })
  }
  arm()
  const audit = {
    async write(events: readonly { action: string }[]) {
      if (held.on && events[0]?.action === 'read') {
        reach()
        await held.hold.promise
      }
    },
  }
  const secrets = createSecrets({
    backend: memoryBackend(),
    keyring,
    audit,
    cache: { ttlMs: 3_600_000 },
  })
  return { s: secrets.scope({ t: 'race' }), held, release: () => held.hold.open() }
}

describe('audit with several sinks', () => {
  it('answers on the first acknowledgement and reports a hanging sink after its timeout', async () => {
    const errors: unknown[] = []
    const hanging = { write: () => new Promise<void>(() => {}) }
    const working = memoryAuditSink()
    const s = createSecrets({
      backend: memoryBackend(),
      keyring,
      audit: { sinks: [hanging, working], timeoutMs: 50, onError: (e) => errors.push(e) },
    }).scope({ t: 'audit' })
    await s.set('A', 'a')
    expect(await s.get('A', ctx)).toBe('a')
    expect(working.events.map((e) => e.action)).toEqual(['write', 'read'])
    await new Promise((r) => setTimeout(r, 120))
    expect(errors.length).toBe(2)
    expect(AuditError.isInstance(errors[0])).toBe(true)
    expect(String((errors[0] as Error).message)).toMatch(/did not acknowledge within 50 ms/)
  })

  it('waits for an asynchronous sink, and counts one that never answers as failed', async () => {
    const slow = { write: () => new Promise<void>((r) => setTimeout(r, 20)) }
    const ok = createSecrets({ backend: memoryBackend(), keyring, audit: { sinks: slow } })
    await ok.scope({ t: 'a' }).set('A', 'a')
    expect(await ok.scope({ t: 'a' }).get('A', ctx)).toBe('a')
    const hanging = { write: () => new Promise<void>(() => {}) }
    const backend = memoryBackend()
    await createSecrets({ backend, keyring, audit: false }).scope({ t: 'a' }).set('A', 'a')
    const s = createSecrets({
      backend,
      keyring,
      audit: {
        sinks: [hanging, { write: () => Promise.reject(new Error('down')) }],
        timeoutMs: 30,
        onError: () => {},
      },
    }).scope({ t: 'a' })
    const err = await s.get('A', ctx).catch((e: unknown) => e)
    expect(AuditError.isInstance(err)).toBe(true)
    expect(String((err as Error).message)).not.toContain('a"')
  })

  it('reports a delete and a rekey that were applied but not recorded as such', async () => {
    const backend = memoryBackend()
    const oldKey = generateMasterKey()
    const old = Keyring.fromKeys({ keys: { old: oldKey } })
    await createSecrets({ backend, keyring: old, audit: false }).scope({ t: 'a' }).set('A', 'a')
    const failing = { write: () => Promise.reject(new Error('audit store down')) }
    const onError = () => {}
    const s = createSecrets({ backend, keyring: old, audit: { sinks: failing, onError } })
    const deleted = await s
      .scope({ t: 'a' })
      .delete('A')
      .catch((e: unknown) => e)
    expect(AuditError.isInstance(deleted)).toBe(true)
    expect((deleted as Error).message).toMatch(/delete was applied, but no audit sink recorded it/)
    expect(backend.dump()).toEqual([])

    await createSecrets({ backend, keyring: old, audit: false }).scope({ t: 'a' }).set('B', 'b')
    const ring = Keyring.fromKeys({
      primary: 'new',
      keys: { old: oldKey, new: generateMasterKey() },
    })
    const rekeyed = await createSecrets({
      backend,
      keyring: ring,
      audit: { sinks: failing, onError },
    })
      .rekey()
      .catch((e: unknown) => e)
    expect(AuditError.isInstance(rekeyed)).toBe(true)
    expect((rekeyed as Error).message).toMatch(/rekey was applied, but no audit sink recorded it/)
    const cipher = createEnvelopeCipher({ keyring: ring })
    expect(cipher.keyIdOf(backend.dump()[0]!.payload)).toBe(ring.primaryFingerprint)
  })
})
