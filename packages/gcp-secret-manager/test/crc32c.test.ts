import { crc32c as fakeCrc32c } from '@secrets/gcp-fake'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { crc32c } from '../src/_crc32c.js'

describe('crc32c', () => {
  it('matches the CRC-32C check value and the RFC 3720 (iSCSI) test vectors', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283)
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa)
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43)
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e)
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).toBe(0x113fdb5c)
    expect(crc32c(new Uint8Array(0))).toBe(0)
  })

  it('agrees with the fake server on any data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => crc32c(data) === fakeCrc32c(data)),
      { numRuns: 500 },
    )
  })
})
