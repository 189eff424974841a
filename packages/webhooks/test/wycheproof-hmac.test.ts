/**
 * HMAC-SHA256 against Project Wycheproof's hmac_sha256_test.json (vendored in
 * vectors/wycheproof): every valid tag is reproduced (truncated to the group's
 * tag size), every invalid (modified) tag is refused by the constant-time
 * comparison, and so is every valid tag with any one bit flipped.
 */
import { timingSafeEqual } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hmacSha256, matchSignature } from '../src/_signature.js'
import { readVectors } from './_vectors.js'

interface MacTest {
  tcId: number
  key: string
  msg: string
  tag: string
  result: 'valid' | 'invalid' | 'acceptable'
}
interface MacFile {
  algorithm: string
  numberOfTests: number
  testGroups: Array<{ keySize: number; tagSize: number; tests: MacTest[] }>
}

const file = readVectors<MacFile>('wycheproof/hmac_sha256_test.json')
const cases = file.testGroups.flatMap((group) =>
  group.tests.map((test) => ({ ...test, tagBytes: group.tagSize / 8 })),
)
const hex = (text: string) => Buffer.from(text, 'hex')
const tagOf = (c: (typeof cases)[number]) =>
  hmacSha256(hex(c.key), hex(c.msg)).subarray(0, c.tagBytes)

describe('wycheproof hmac_sha256_test.json', () => {
  it('has every vector', () => {
    expect(file.algorithm).toBe('HMACSHA256')
    expect(cases).toHaveLength(file.numberOfTests)
  })

  it.each(cases.map((c) => [c.tcId, c.result, c] as const))('tcId %i (%s)', (_, result, c) => {
    const tag = tagOf(c)
    const expected = hex(c.tag)
    const equal = tag.length === expected.length && timingSafeEqual(tag, expected)
    expect(equal).toBe(result === 'valid')
  })

  it('refuses every full-length valid tag with one bit flipped', () => {
    const full = cases.filter((c) => c.result === 'valid' && c.tagBytes === 32)
    expect(full.length).toBeGreaterThan(0)
    for (const c of full) {
      const tag = tagOf(c)
      expect(matchSignature([hex(c.tag)], [tag])).toBe(0)
      for (let bit = 0; bit < 256; bit++) {
        const flipped = Buffer.from(tag)
        flipped[bit >> 3]! ^= 1 << (bit & 7)
        expect(matchSignature([flipped], [tag]), `tcId ${c.tcId} bit ${bit}`).toBe(-1)
      }
    }
  })
})
