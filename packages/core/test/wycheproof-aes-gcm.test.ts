import { describe, expect, it } from 'vitest'
import { DecryptionError, selectEngine } from '../src/index.js'
import { hex, readVectors } from './_vectors.js'

interface AeadTest {
  tcId: number
  comment: string
  key: string
  iv: string
  aad: string
  msg: string
  ct: string
  tag: string
  result: 'valid' | 'invalid' | 'acceptable'
  flags: string[]
}
interface AeadGroup {
  keySize: number
  ivSize: number
  tagSize: number
  tests: AeadTest[]
}

const file = readVectors<{ testGroups: AeadGroup[] }>('wycheproof/aes_gcm_test.json')
const vectors = file.testGroups
  .filter((g) => g.keySize === 256 && g.ivSize === 96 && g.tagSize === 128)
  .flatMap((g) => g.tests)

describe.each(['node', 'noble'] as const)(
  'Wycheproof AES-256-GCM, 96-bit IV (%s engine)',
  (name) => {
    const engine = selectEngine(name)

    it('runs every vector of the shared file', () => {
      expect(engine.name).toBe(name)
      expect(vectors.length).toBe(66)
      expect(vectors.some((v) => v.result === 'invalid')).toBe(true)
    })

    it.each(vectors.map((v) => [v.tcId, v.result, v] as const))(
      'tcId %i (%s)',
      (_id, result, v) => {
        const key = hex(v.key)
        const iv = hex(v.iv)
        const aad = hex(v.aad)
        const sealed = new Uint8Array([...hex(v.ct), ...hex(v.tag)])
        if (result === 'valid') {
          expect(Buffer.from(engine.open(key, iv, sealed, aad)).toString('hex')).toBe(v.msg)
          expect(Buffer.from(engine.seal(key, iv, hex(v.msg), aad)).toString('hex')).toBe(
            v.ct + v.tag,
          )
        } else {
          expect(() => engine.open(key, iv, sealed, aad)).toThrow(DecryptionError)
        }
      },
    )
  },
)
