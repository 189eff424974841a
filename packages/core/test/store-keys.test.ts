import { createRequire } from 'node:module'
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  ConflictError,
  createEnvelopeCipher,
  createSecrets,
  DecryptionError,
  generateMasterKey,
  InvalidArgumentError,
  InvalidMasterKeyError,
  Keyring,
  memoryAuditSink,
  memoryBackend,
  RekeyIncompleteError,
  SecretNotFoundError,
  selectEngine,
  UnknownKeyError,
} from '../src/index.js'
import { asV1 } from './_helpers.js'

const ctx = { accessor: 'ops', reason: 'test' }

describe('master-key rotation as the guide documents it', () => {
  it('finds a SECRETS_MASTER_KEY key again under a label, rekeys, and reads everything after the old key is dropped', async () => {
    const backend = memoryBackend()
    const oldKey = generateMasterKey()
    const newKey = generateMasterKey()
    const before = createSecrets({
      backend,
      keyring: Keyring.fromEnv({ SECRETS_MASTER_KEY: oldKey }),
      audit: false,
    })
    for (let i = 0; i < 6; i++) await before.scope({ t: `${i % 2}` }).set(`S${i}`, `value-${i}`)
    const rotating = createSecrets({
      backend,
      keyring: Keyring.fromEnv({
        SECRETS_MASTER_KEYS: `old:${oldKey},new:${newKey}`,
        SECRETS_PRIMARY_KEY_ID: 'new',
      }),
      audit: false,
    })
    const usage = await rotating.keyUsage()
    expect(usage.keys.find((k) => k.label === 'old')).toMatchObject({ records: 6, inKeyring: true })
    const result = await rotating.rekey()
    expect(result).toMatchObject({ scanned: 6, rewrapped: 6, failed: [] })
    expect((await rotating.keyUsage()).keys.find((k) => k.label === 'old')?.records).toBe(0)
    const after = createSecrets({
      backend,
      keyring: Keyring.fromEnv({ SECRETS_MASTER_KEYS: `new:${newKey}` }),
      audit: false,
    })
    for (let i = 0; i < 6; i++)
      expect(await after.scope({ t: `${i % 2}` }).get(`S${i}`, ctx)).toBe(`value-${i}`)
    // and back from a labelled key to SECRETS_MASTER_KEY
    const single = createSecrets({
      backend,
      keyring: Keyring.fromEnv({ SECRETS_MASTER_KEY: newKey }),
      audit: false,
    })
    expect(await single.scope({ t: '0' }).get('S0', ctx)).toBe('value-0')
  })

  it('fails loudly when a record stays under a key the keyring lacks, and says what it holds', async () => {
    const backend = memoryBackend()
    const lost = generateMasterKey()
    await createSecrets({ backend, keyring: Keyring.fromMasterKey(lost), audit: false })
      .scope({ t: 'a' })
      .set('A', 'a')
    const ring = Keyring.fromKeys({ keys: { current: generateMasterKey() } })
    const store = createSecrets({ backend, keyring: ring, audit: false })
    const err = await store.rekey().catch((e: unknown) => e)
    expect(RekeyIncompleteError.isInstance(err)).toBe(true)
    expect((err as RekeyIncompleteError).result.failed).toEqual([
      { scopeKey: 't=a', name: 'A', version: 1, code: 'UNKNOWN_KEY_ID' },
    ])
    const read = await store
      .scope({ t: 'a' })
      .get('A', ctx)
      .catch((e: unknown) => e)
    expect(UnknownKeyError.isInstance(read)).toBe(true)
    expect((read as UnknownKeyError).keyId).toBe(Keyring.fromMasterKey(lost).primaryFingerprint)
    expect((read as Error).message).toContain(`current (fingerprint ${ring.primaryFingerprint})`)
    expect((read as Error).message).not.toContain(lost)
    const usage = await store.keyUsage()
    expect(usage.keys).toContainEqual(
      expect.objectContaining({ inKeyring: false, records: 1, label: null }),
    )
  })
})

describe('version-bound envelopes', () => {
  it('lands 20 concurrent appends on a v1 backend with compare-and-set, each bound to its version', async () => {
    const inner = memoryBackend()
    const keyring = Keyring.fromKeys({ keys: { k: generateMasterKey() } })
    const s = createSecrets({ backend: asV1(inner), keyring, audit: false }).scope({ t: 'v1' })
    await s.set('HOT', 'v0')
    const written = await Promise.all(
      Array.from({ length: 20 }, (_, i) => s.rotate('HOT', `r${i}`)),
    )
    expect(written.map((w) => w.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 2),
    )
    const cipher = createEnvelopeCipher({ keyring })
    expect(inner.dump().every((r) => cipher.headerOf(r.payload).format === 2)).toBe(true)
    for (let v = 2; v <= 21; v++)
      expect(await s.get('HOT', { ...ctx, version: v })).toMatch(/^r\d+$/)
  })

  it('writes format 1 on a v1 backend without compare-and-set, and rekey({ reseal }) upgrades it', async () => {
    const inner = memoryBackend()
    const keyring = Keyring.fromKeys({ keys: { k: generateMasterKey() } })
    const legacy = createSecrets({ backend: asV1(inner, false), keyring, audit: false })
    await legacy.scope({ t: 'a' }).set('A', 'one')
    await legacy.scope({ t: 'a' }).set('A', 'two')
    const cipher = createEnvelopeCipher({ keyring })
    expect(inner.dump().map((r) => cipher.headerOf(r.payload).format)).toEqual([1, 1])
    const strict = createSecrets({
      backend: inner,
      keyring,
      audit: false,
      requireVersionedEnvelopes: true,
    })
    await expect(strict.scope({ t: 'a' }).get('A', ctx)).rejects.toBeInstanceOf(DecryptionError)
    expect((await strict.keyUsage()).format1).toBe(2)
    const result = await createSecrets({ backend: inner, keyring, audit: false }).rekey({
      reseal: true,
    })
    expect(result).toMatchObject({ resealed: 2, rewrapped: 2 })
    expect(inner.dump().map((r) => cipher.headerOf(r.payload).format)).toEqual([2, 2])
    expect(await strict.scope({ t: 'a' }).get('A', ctx)).toBe('two')
    expect(await strict.scope({ t: 'a' }).get('A', { ...ctx, version: 1 })).toBe('one')
  })
})

describe('checks at the boundary', () => {
  const keyring = Keyring.fromKeys({ keys: { k: generateMasterKey() } })

  it('validates the context of every operation the same way, before any change', async () => {
    const backend = memoryBackend()
    const s = createSecrets({ backend, keyring, audit: memoryAuditSink() }).scope({ t: 'a' })
    await s.set('A', 'a')
    const huge = 'x'.repeat(5_000_000)
    await expect(s.delete('A', { reason: huge })).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(s.versions('A', { accessor: {} as unknown as string })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
    await expect(s.list({ reason: huge })).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(s.set('A', 'b', { accessor: '' })).rejects.toBeInstanceOf(InvalidArgumentError)
    expect(await s.get('A', ctx)).toBe('a')
    expect(backend.dump()).toHaveLength(1)
  })

  it('requireAccessor refuses writes, deletes, lists and rekeys that do not say who', async () => {
    const audit = memoryAuditSink()
    const store = createSecrets({ backend: memoryBackend(), keyring, audit, requireAccessor: true })
    const s = store.scope({ t: 'a' })
    await expect(s.set('A', 'a')).rejects.toThrow(/Writes need \{ accessor \}/)
    await expect(s.delete('A')).rejects.toThrow(/Deletes need/)
    await expect(s.list()).rejects.toThrow(/Lists need/)
    await expect(s.versions('A')).rejects.toThrow(/Version listings need/)
    await expect(store.rekey()).rejects.toThrow(/Rekeys need/)
    await s.set('A', 'a', { accessor: 'user:bob' })
    expect(audit.events).toEqual([
      expect.objectContaining({ action: 'write', accessor: 'user:bob' }),
    ])
  })

  it('says a compare-and-set failed because the secret does not exist', async () => {
    const s = createSecrets({ backend: memoryBackend(), keyring, audit: false }).scope({ t: 'a' })
    const err = await s.set('NEW', 'v', { ifVersion: 5 }).catch((e: unknown) => e)
    expect(ConflictError.isInstance(err)).toBe(true)
    expect((err as Error).message).toMatch(/does not exist/)
  })

  it('refuses a Keyring from another copy of the library at construction', () => {
    const cjs = createRequire(import.meta.url)(
      '../dist/index.cjs',
    ) as typeof import('../src/index.js')
    const foreign = cjs.Keyring.fromKeys({ keys: { k: generateMasterKey() } })
    expect(() =>
      createSecrets({ backend: memoryBackend(), keyring: foreign, audit: false }),
    ).toThrow(/another copy, such as the CommonJS build/)
  })

  it('gives each error class its literal code type', () => {
    expectTypeOf<SecretNotFoundError['code']>().toEqualTypeOf<'SECRET_NOT_FOUND'>()
    expectTypeOf<ConflictError['code']>().toEqualTypeOf<'CONFLICT'>()
  })
})

describe('keyring and engines', () => {
  it('refuses non-canonical base64, a stray SECRETS_PRIMARY_KEY_ID, and one key under two ids', () => {
    const key = generateMasterKey()
    const bytes = Buffer.from(key, 'base64')
    bytes[31] = bytes[31]! & 0xfc
    const canonical = bytes.toString('base64')
    const stray = `${canonical.slice(0, 42)}${String.fromCharCode(canonical.charCodeAt(42) + 1)}=`
    expect(Buffer.from(stray, 'base64')).toEqual(bytes) // decodes to the same bytes
    expect(() => Keyring.fromEnv({ SECRETS_MASTER_KEY: stray })).toThrow(/not canonical base64/)
    expect(() =>
      Keyring.fromEnv({ SECRETS_MASTER_KEY: key, SECRETS_PRIMARY_KEY_ID: 'other' }),
    ).toThrow(InvalidMasterKeyError)
    const ring = Keyring.fromMasterKey(key)
    expect(
      Keyring.fromEnv({ SECRETS_MASTER_KEY: key, SECRETS_PRIMARY_KEY_ID: ring.primaryId })
        .primaryId,
    ).toBe(ring.primaryId)
    expect(() =>
      Keyring.fromEnv({ SECRETS_MASTER_KEYS: `a:${key},b:${key}`, SECRETS_PRIMARY_KEY_ID: 'a' }),
    ).toThrow(/hold the same key/)
  })

  for (const name of ['node', 'noble'] as const) {
    it(`${name} refuses AES-128/192 keys and nonces other than 12 bytes`, () => {
      const engine = selectEngine(name)
      const nonce = new Uint8Array(12)
      for (const length of [16, 24, 31, 33]) {
        expect(() =>
          engine.seal(new Uint8Array(length), nonce, new Uint8Array(1), new Uint8Array()),
        ).toThrow(RangeError)
      }
      expect(() =>
        engine.seal(new Uint8Array(32), new Uint8Array(8), new Uint8Array(1), new Uint8Array()),
      ).toThrow('"nonce" expected Uint8Array of length 12, got length=8')
      expect(() =>
        engine.open(new Uint8Array(16), nonce, new Uint8Array(32), new Uint8Array()),
      ).toThrow(RangeError)
    })
  }
})

describe('not found stays typed', () => {
  it('rotate of an absent secret is SecretNotFoundError', async () => {
    const s = createSecrets({
      backend: memoryBackend(),
      keyring: Keyring.fromKeys({ keys: { k: generateMasterKey() } }),
      audit: false,
    }).scope({ t: 'a' })
    await expect(s.rotate('NOPE', 'v')).rejects.toBeInstanceOf(SecretNotFoundError)
  })
})
