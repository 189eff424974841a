import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createMasker } from '../src/_mask.js'

/** Feeds `text` to a masker cut at `cuts` (byte offsets), and returns what came out. */
function masked(values: string[], text: string, cuts: number[] = []): string {
  const masker = createMasker(values)
  const bytes = Buffer.from(text)
  const out: Buffer[] = []
  let from = 0
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out.push(masker.push(bytes.subarray(from, cut)))
    from = cut
  }
  out.push(masker.push(bytes.subarray(from)), masker.end())
  return Buffer.concat(out).toString()
}

describe('createMasker', () => {
  it('masks every occurrence, in one chunk or cut at every byte', () => {
    const text = 'a=hunter22 b=hunter22\nc=s3cr3t-ü!'
    const expected = 'a=•••• b=••••\nc=••••!'
    expect(masked(['hunter22', 's3cr3t-ü'], text)).toBe(expected)
    for (let cut = 0; cut <= Buffer.byteLength(text); cut++) {
      expect(masked(['hunter22', 's3cr3t-ü'], text, [cut])).toBe(expected)
    }
    const everyByte = Array.from({ length: Buffer.byteLength(text) }, (_, i) => i)
    expect(masked(['hunter22', 's3cr3t-ü'], text, everyByte)).toBe(expected)
  })

  it('leaves values under 4 characters alone', () => {
    expect(masked(['abc', 'on'], 'abc is on')).toBe('abc is on')
  })

  it('prefers the longer value where one starts another, even across chunks', () => {
    expect(masked(['abcd', 'abcdefgh'], 'xx abcdefgh abcd', [5])).toBe('xx •••• ••••')
    expect(masked(['abcd', 'abcdefgh'], 'xx abcdefgh', [7])).toBe('xx ••••')
  })

  it('holds back only what could start a value, and lets the rest through at once', () => {
    const masker = createMasker(['hunter22'])
    expect(masker.push(Buffer.from('prompt> ')).toString()).toBe('prompt> ')
    expect(masker.push(Buffer.from('say hun')).toString()).toBe('say ')
    expect(masker.push(Buffer.from('gry')).toString()).toBe('hungry')
    expect(masker.push(Buffer.from(' hunt')).toString()).toBe(' ')
    expect(masker.end().toString()).toBe('hunt')
  })

  it('never lets a value through, wherever the chunks are cut', () => {
    // Few letters, so that values overlap and start one another; values holding
    // the mask's own character could be "made" by masking another, so none does.
    const letter = fc.constantFrom('a', 'b', 'é', '😀')
    const value = fc.oneof(
      fc.string({ minLength: 4, maxLength: 8, unit: letter }),
      fc.string({ minLength: 4, maxLength: 12, unit: 'grapheme' }).filter((v) => !v.includes('•')),
    )
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 3 }),
        fc.array(fc.string({ maxLength: 6, unit: letter }), { maxLength: 6 }),
        fc.array(fc.nat(200), { maxLength: 8 }),
        (values, fillers, cuts) => {
          const text = fillers.map((f, i) => f + values[i % values.length]).join('') + values[0]
          const length = Buffer.byteLength(text)
          const out = masked(
            values,
            text,
            cuts.map((c) => c % (length + 1)),
          )
          const whole = masked(values, text)
          expect(out).toBe(whole)
          for (const v of values) expect(whole.includes(v)).toBe(false)
        },
      ),
      { numRuns: 500 },
    )
  })
})
