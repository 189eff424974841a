import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createEnvelopeCipher,
  DecryptionError,
  ENVELOPE_VERSION,
  generateMasterKey,
  Keyring,
  MAX_ENVELOPE_BYTES,
  UnknownKeyError,
} from '../src/index.js'

const keyA = generateMasterKey()
const keyB = generateMasterKey()
const ringA = Keyring.fromKeys({ keys: { a: keyA } })
const ringB = Keyring.fromKeys({ keys: { b: keyB } })
const ringAB = Keyring.fromKeys({ primary: 'b', keys: { a: keyA, b: keyB } })
const aad = new TextEncoder().encode('tenant=acme\u0000API_KEY')
const decode = (b: Uint8Array) => new TextDecoder().decode(b)

describe.each(['node', 'noble'] as const)('envelope cipher (%s engine)', (engine) => {
  const cipher = createEnvelopeCipher({ keyring: ringA, engine })
  const other = createEnvelopeCipher({
    keyring: ringA,
    engine: engine === 'node' ? 'noble' : 'node',
  })

  it('uses the engine asked for', () => {
    expect(cipher.engine).toBe(engine)
  })

  it('round-trips arbitrary UTF-8 strings, and the other engine opens them too', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (value) => {
        const envelope = cipher.seal(value, aad)
        expect(decode(cipher.open(envelope, aad))).toBe(value)
        expect(decode(other.open(envelope, aad))).toBe(value)
      }),
    )
  })

  it('round-trips the empty string and a 64 KiB value', () => {
    for (const value of ['', 'é'.repeat(32 * 1024)]) {
      expect(new TextEncoder().encode(value).length).toBeLessThanOrEqual(64 * 1024)
      expect(decode(other.open(cipher.seal(value, aad), aad))).toBe(value)
    }
  })

  it('never seals the same value to the same bytes', () => {
    expect(
      Buffer.from(cipher.seal('same', aad)).equals(Buffer.from(cipher.seal('same', aad))),
    ).toBe(false)
  })

  it('rejects a flip of any single bit anywhere with DecryptionError', () => {
    const envelope = cipher.seal('webhook-signing-key', aad)
    fc.assert(
      fc.property(fc.nat({ max: envelope.length * 8 - 1 }), (bit) => {
        const tampered = envelope.slice()
        tampered[bit >> 3]! ^= 1 << (bit & 7)
        expect(() => cipher.open(tampered, aad)).toThrow(DecryptionError)
      }),
      { numRuns: envelope.length * 8 },
    )
  })

  it('rejects every single-bit flip, exhaustively, for a short envelope', () => {
    const envelope = cipher.seal('x', aad)
    for (let bit = 0; bit < envelope.length * 8; bit++) {
      const tampered = envelope.slice()
      tampered[bit >> 3]! ^= 1 << (bit & 7)
      expect(() => cipher.open(tampered, aad)).toThrow(DecryptionError)
    }
  })

  it('rejects a different AAD (another scope or name) with DecryptionError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (otherAad) => {
        fc.pre(!Buffer.from(otherAad).equals(Buffer.from(aad)))
        expect(() => cipher.open(cipher.seal('v', aad), otherAad)).toThrow(DecryptionError)
      }),
    )
  })

  it('rejects truncated, extended, oversized, non-bytes and unknown-version input with DecryptionError', () => {
    const envelope = cipher.seal('value', aad)
    for (let n = 0; n < envelope.length; n++) {
      expect(() => cipher.open(envelope.subarray(0, n), aad)).toThrow(DecryptionError)
    }
    expect(() => cipher.open(new Uint8Array([...envelope, 0]), aad)).toThrow(DecryptionError)
    expect(() => cipher.open(new Uint8Array(MAX_ENVELOPE_BYTES + 1), aad)).toThrow(/limit/)
    expect(() => cipher.open('not bytes' as unknown as Uint8Array, aad)).toThrow(DecryptionError)
    const future = envelope.slice()
    future[0] = ENVELOPE_VERSION + 1
    expect(() => cipher.open(future, aad)).toThrow(/format version/)
  })

  it('never lets a cipher library exception escape', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (junk) => {
        try {
          cipher.open(junk, aad)
        } catch (err) {
          expect(DecryptionError.isInstance(err)).toBe(true)
          return
        }
        throw new Error('junk opened')
      }),
    )
  })

  it('fails with UnknownKeyError when the keyring lacks the envelope key', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), (value) => {
        const envelope = cipher.seal(value, aad)
        const lacking = createEnvelopeCipher({ keyring: ringB, engine })
        expect(() => lacking.open(envelope, aad)).toThrow(UnknownKeyError)
      }),
      { numRuns: 20 },
    )
  })

  it('finds keys by fingerprint: another key under the same id is an unknown key, named', () => {
    const impostor = createEnvelopeCipher({
      keyring: Keyring.fromKeys({ keys: { a: keyB } }),
      engine,
    })
    const sealed = cipher.seal('v', aad)
    const err = (() => {
      try {
        impostor.open(sealed, aad)
      } catch (e) {
        return e as UnknownKeyError
      }
    })()
    expect(UnknownKeyError.isInstance(err)).toBe(true)
    expect(err?.keyId).toBe(cipher.keyring.primaryFingerprint)
    expect(err?.message).toContain(`a (fingerprint ${impostor.keyring.primaryFingerprint})`)
    expect(err?.message).toMatch(/SECRETS_MASTER_KEYS/)
    const relabelled = createEnvelopeCipher({
      keyring: Keyring.fromKeys({ keys: { renamed: keyA } }),
      engine,
    })
    expect(decode(relabelled.open(sealed, aad))).toBe('v')
  })

  it('rewraps under the new primary without touching the value ciphertext', () => {
    const rotating = createEnvelopeCipher({ keyring: ringAB, engine })
    const newOnly = createEnvelopeCipher({ keyring: ringB, engine })
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (value) => {
        const old = cipher.seal(value, aad)
        expect(rotating.keyIdOf(old)).toBe(ringAB.fingerprintOf('a'))
        const rewrapped = rotating.rewrap(old)
        expect(rotating.keyIdOf(rewrapped)).toBe(ringAB.fingerprintOf('b'))
        expect(rotating.headerOf(rewrapped).format).toBe(rotating.headerOf(old).format)
        // value nonce + ciphertext + tag are the last 12 + n + 16 bytes of both
        const tail = 12 + new TextEncoder().encode(value).length + 16
        expect(
          Buffer.from(rewrapped.subarray(-tail)).equals(Buffer.from(old.subarray(-tail))),
        ).toBe(true)
        expect(decode(newOnly.open(rewrapped, aad))).toBe(value)
        expect(() => newOnly.open(old, aad)).toThrow(UnknownKeyError)
      }),
      { numRuns: 50 },
    )
  })
})
