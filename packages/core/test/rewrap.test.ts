import { describe, expect, it } from 'vitest'
import {
  createEnvelopeCipher,
  createSecrets,
  generateMasterKey,
  Keyring,
  memoryAuditSink,
  memoryBackend,
  type PayloadUpdate,
  SecretNotFoundError,
  type SecretsError,
  UnknownKeyError,
  UnsupportedOperationError,
} from '../src/index.js'
import { asV1 } from './_helpers.js'

const ctx = { accessor: 'ops' }
const OLD = generateMasterKey()
const NEW = generateMasterKey()
const oldRing = Keyring.fromKeys({ keys: { old: OLD } })
const bothRing = Keyring.fromKeys({ primary: 'new', keys: { old: OLD, new: NEW } })
const cipher = createEnvelopeCipher({ keyring: bothRing })
/** The value's nonce, ciphertext and tag: what a rewrap must leave as it is. */
const body = (payload: Uint8Array, valueBytes: number) =>
  Buffer.from(payload.subarray(payload.length - (12 + valueBytes + 16)))

/** Two versions of A and one of B under the old key, then a store whose primary is the new key. */
async function seeded() {
  const backend = memoryBackend()
  const before = createSecrets({ backend, keyring: oldRing, audit: false }).scope({ t: 'a' })
  await before.set('A', 'first-value', ctx)
  await before.set('A', 'second-value', ctx)
  await before.set('B', 'other-value', ctx)
  const audit = memoryAuditSink()
  const store = createSecrets({ backend, keyring: bothRing, audit })
  return { backend, audit, scoped: store.scope({ t: 'a' }) }
}

const keyOf = (backend: ReturnType<typeof memoryBackend>, name: string) =>
  backend
    .dump()
    .filter((r) => r.name === name)
    .map((r) => cipher.keyIdOf(r.payload))

describe('rewrap(name)', () => {
  it('rewraps every version of one secret under the primary key, ciphertext untouched', async () => {
    const { backend, audit, scoped } = await seeded()
    const before = backend.dump().filter((r) => r.name === 'A')
    const result = await scoped.rewrap('A', ctx)
    expect(result).toEqual({ version: 2, versions: 2, rewrapped: 2, primaryKeyId: 'new' })
    expect(keyOf(backend, 'A')).toEqual([
      bothRing.fingerprintOf('new'),
      bothRing.fingerprintOf('new'),
    ])
    expect(keyOf(backend, 'B')).toEqual([bothRing.fingerprintOf('old')])
    const after = backend.dump().filter((r) => r.name === 'A')
    expect(body(after[0]!.payload, 11)).toEqual(body(before[0]!.payload, 11))
    expect(body(after[1]!.payload, 12)).toEqual(body(before[1]!.payload, 12))
    expect(after[0]!.payload).not.toEqual(before[0]!.payload)
    // The values read back, with only the new key in the ring.
    const newOnly = createSecrets({
      backend,
      keyring: Keyring.fromKeys({ keys: { new: NEW } }),
      audit: false,
    }).scope({ t: 'a' })
    expect(await newOnly.get('A', { ...ctx, version: 1 })).toBe('first-value')
    expect(await newOnly.get('A', ctx)).toBe('second-value')
    expect(audit.events.at(-1)).toMatchObject({
      action: 'rekey',
      outcome: 'success',
      scope: { t: 'a' },
      name: 'A',
      accessor: 'ops',
      reason: 'rewrap',
      count: 2,
    })
  })

  it('is idempotent: a second run rewraps nothing', async () => {
    const { scoped } = await seeded()
    await scoped.rewrap('A', ctx)
    expect(await scoped.rewrap('A', ctx)).toMatchObject({ versions: 2, rewrapped: 0 })
  })

  it('does not overwrite a version changed between its read and its replacement', async () => {
    const { backend } = await seeded()
    const racing = {
      ...backend,
      getMany: backend.getMany.bind(backend),
      versions: backend.versions.bind(backend),
      async replacePayloads(updates: readonly PayloadUpdate[]) {
        // Another writer deletes A and writes it again (version 1 only) meanwhile.
        await createSecrets({ backend, keyring: bothRing, audit: false })
          .scope({ t: 'a' })
          .delete('A')
        await createSecrets({ backend, keyring: bothRing, audit: false })
          .scope({ t: 'a' })
          .set('A', 'concurrent-value', ctx)
        return backend.replacePayloads!(updates)
      },
    }
    const store = createSecrets({ backend: racing, keyring: bothRing, audit: false })
    const result = await store.scope({ t: 'a' }).rewrap('A', ctx)
    expect(result.rewrapped).toBe(0)
    expect(await store.scope({ t: 'a' }).get('A', ctx)).toBe('concurrent-value')
    expect(backend.dump().filter((r) => r.name === 'A')).toHaveLength(1)
  })

  it('throws SecretNotFoundError for an absent name, audited', async () => {
    const { audit, scoped } = await seeded()
    const err = await scoped.rewrap('NOPE', ctx).catch((e: unknown) => e)
    expect(SecretNotFoundError.isInstance(err)).toBe(true)
    expect(audit.events.at(-1)).toMatchObject({
      action: 'rekey',
      outcome: 'not_found',
      name: 'NOPE',
      errorCode: 'SECRET_NOT_FOUND',
    })
  })

  it('writes nothing when a version is under a key the ring lacks', async () => {
    const { backend } = await seeded()
    const store = createSecrets({
      backend,
      keyring: Keyring.fromKeys({ keys: { new: NEW } }),
      audit: false,
    })
    const before = backend.dump()
    const err = await store
      .scope({ t: 'a' })
      .rewrap('A', ctx)
      .catch((e: unknown) => e)
    expect(UnknownKeyError.isInstance(err)).toBe(true)
    expect(backend.dump()).toEqual(before)
  })

  it('refuses, before any I/O, a backend that cannot replace payloads', async () => {
    const { backend } = await seeded()
    const { replacePayloads: _, scan: __, ...plain } = asV1(backend)
    let reads = 0
    const counted = {
      ...plain,
      versions: (...a: Parameters<typeof plain.versions>) => {
        reads++
        return plain.versions(...a)
      },
    }
    const store = createSecrets({ backend: counted, keyring: bothRing, audit: false })
    const err = await store
      .scope({ t: 'a' })
      .rewrap('A', ctx)
      .catch((e: unknown) => e)
    expect(UnsupportedOperationError.isInstance(err)).toBe(true)
    expect((err as SecretsError).code).toBe('UNSUPPORTED_OPERATION')
    expect((err as Error).message).toContain('cannot rewrap "A"')
    expect(reads).toBe(0)
  })

  it('has nothing to rewrap on a backend that keeps values natively', async () => {
    const inner = memoryBackend()
    const native = {
      ...inner,
      name: 'native',
      capabilities: { ...inner.capabilities, envelope: false, encryptsAtRest: true },
      getMany: inner.getMany.bind(inner),
      get: inner.get.bind(inner),
      put: inner.put.bind(inner),
      delete: inner.delete.bind(inner),
      list: inner.list.bind(inner),
      versions: inner.versions.bind(inner),
    }
    const scoped = createSecrets({ backend: native, audit: false }).scope({})
    await scoped.set('N', 'native-value', ctx)
    expect(await scoped.rewrap('N', ctx)).toEqual({
      version: 1,
      versions: 1,
      rewrapped: 0,
      primaryKeyId: '',
    })
  })

  it('checks the name and the context before any I/O', async () => {
    const { scoped } = await seeded()
    await expect(scoped.rewrap('../x', ctx)).rejects.toMatchObject({ code: 'INVALID_NAME' })
    await expect(scoped.rewrap('A', { accessor: '' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    })
  })
})
