// biome-ignore-all lint/suspicious/noTemplateCurlyInString: placeholders are what these tests are about
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  collectRefs,
  createSecrets,
  generateMasterKey,
  Keyring,
  maskConfig,
  memoryAuditSink,
  memoryBackend,
  resolveConfig,
  type ScopedSecrets,
} from '../src/index.js'

/** Stored values; some hold text that looks like syntax, which must come out verbatim. */
const VALUES: Record<string, string> = {
  A: 'alpha-value',
  'b.c/d': '$& ${SECRET:A} secret:A',
  E_1: '',
  json: '{"k":"json-k-value","n":7,"o":{"p":true}}',
}
const MASK = '<masked>'

/** A piece of a generated config, as written and as it must come out. */
interface Case {
  input: unknown
  resolved: unknown
  masked: unknown
  refs: number
}

/** A reference, its placeholder body and what it resolves to. */
const reference = fc.oneof(
  fc.constantFrom(
    ...Object.entries(VALUES).map(([name, value]) => ({ body: name, value })),
    ...Object.entries(VALUES).map(([name, value]) => ({ body: `${name}@1`, value })),
    { body: 'json#k', value: 'json-k-value' },
    { body: 'json#n', value: 7 },
    { body: 'json#o.p', value: true },
    { body: 'json#o', value: { p: true } },
    { body: 'json#nope?', value: '' },
    { body: 'MISSING?', value: '' },
    { body: 'MISSING@4?', value: '' },
    { body: 'A:-unused', value: VALUES.A },
  ),
  fc
    .string({ unit: fc.constantFrom('a', ' ', ':', '-', '$', 'é', '😀', '\\', '#', '@', '?') })
    .map((fallback) => ({ body: `MISSING:-${fallback}`, value: fallback })),
)

/** Text without references: never `{SECRET:`, and no `$` just before what follows. */
const run = fc
  .string({
    unit: fc.constantFrom(
      '$',
      '{',
      '}',
      'S',
      'E',
      'C',
      'R',
      'T',
      ':',
      'x',
      '\\',
      '#',
      '@',
      '?',
      '-',
      ' ',
      'é',
      '😀',
    ),
    maxLength: 12,
  })
  .filter((text) => !text.includes('{SECRET:') && !text.endsWith('$'))

/** A placeholder or an escape, after `pairs` times `$$` (each one literal `$`). */
const piece = fc.record({
  pairs: fc.nat({ max: 3 }),
  ref: fc.option(reference, { freq: 4, nil: null }),
})

/** A string with placeholders and escapes between runs of text. */
const template = fc
  .tuple(run, fc.array(fc.tuple(piece, run), { maxLength: 4 }))
  .map(([first, rest]): Case => {
    let input = first
    let resolved = first
    let masked = first
    let refs = 0
    for (const [{ pairs, ref }, text] of rest) {
      input += '$$'.repeat(pairs)
      resolved += '$'.repeat(pairs)
      masked += '$'.repeat(pairs)
      if (ref === null) {
        input += `$\${SECRET:${text}`
        resolved += `\${SECRET:${text}`
        masked += `\${SECRET:${text}`
      } else {
        refs++
        input += `\${SECRET:${ref.body}}${text}`
        resolved += (typeof ref.value === 'string' ? ref.value : JSON.stringify(ref.value)) + text
        masked += MASK + text
      }
    }
    return { input, resolved, masked, refs }
  })

const whole = reference.map(
  (ref): Case => ({
    input: `secret:${ref.body}`,
    resolved: ref.value,
    masked: MASK,
    refs: 1,
  }),
)

const escapedWhole = template.map(
  (t): Case => ({
    input: `\\secret:${t.input as string}`,
    resolved: `secret:${t.resolved as string}`,
    masked: `secret:${t.masked as string}`,
    refs: t.refs,
  }),
)

const scalar = fc
  .oneof(fc.integer(), fc.boolean(), fc.constant(null))
  .map((v): Case => ({ input: v, resolved: v, masked: v, refs: 0 }))

const key = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'a b'),
)

function objectOf(entries: Array<[string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of entries)
    Object.defineProperty(out, k, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  return out
}

const { config } = fc.letrec<{ config: Case }>((tie) => ({
  config: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    template,
    whole,
    escapedWhole,
    fc.array(tie('config'), { maxLength: 4 }).map(
      (items): Case => ({
        input: items.map((c) => c.input),
        resolved: items.map((c) => c.resolved),
        masked: items.map((c) => c.masked),
        refs: items.reduce((n, c) => n + c.refs, 0),
      }),
    ),
    fc.array(fc.tuple(key, tie('config')), { maxLength: 4 }).map(
      (entries): Case => ({
        input: objectOf(entries.map(([k, c]) => [k, c.input])),
        resolved: objectOf(entries.map(([k, c]) => [k, c.resolved])),
        masked: objectOf(entries.map(([k, c]) => [k, c.masked])),
        // a repeated key keeps its last value only
        refs: [...new Map(entries).values()].reduce((n, c) => n + c.refs, 0),
      }),
    ),
  ),
}))

describe('resolveConfig properties', () => {
  let s: ScopedSecrets
  beforeAll(async () => {
    const keyring = Keyring.fromKeys({ keys: { k1: generateMasterKey() } })
    s = createSecrets({ backend: memoryBackend(), keyring, audit: memoryAuditSink() }).scope({
      tenant: 't',
    })
    for (const [name, value] of Object.entries(VALUES)) await s.set(name, value)
  })

  it('resolves random configs like a plain substitution, masks them, and counts their references', async () => {
    await fc.assert(
      fc.asyncProperty(config, async (c) => {
        const before = JSON.stringify(c.input)
        const out = await resolveConfig(c.input, { secrets: s, accessor: 'test:property' })
        expect(JSON.stringify(out)).toBe(JSON.stringify(c.resolved))
        expect(maskConfig(c.input, { mask: MASK })).toEqual(c.masked)
        expect(JSON.stringify(maskConfig(c.input, { mask: MASK }))).toBe(JSON.stringify(c.masked))
        expect(collectRefs(c.input)).toHaveLength(c.refs)
        expect(JSON.stringify(c.input)).toBe(before)
      }),
      { numRuns: 300 },
    )
  })

  it('returns strings without references unchanged, and reads nothing', async () => {
    const readMany = () => Promise.reject(new Error('must not read'))
    const text = fc
      .oneof(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: fc.constantFrom('$', '{', '}', 'SECRET', ':', '\\', 'secret', 'x') }),
      )
      .filter((t) => !t.includes('${SECRET:') && !/^\\*secret:/.test(t))
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        expect(await resolveConfig(t, { secrets: { readMany }, accessor: 'test:property' })).toBe(t)
        expect(
          await resolveConfig({ k: [t] }, { secrets: { readMany }, accessor: 'test:property' }),
        ).toEqual({ k: [t] })
        expect(maskConfig(t)).toBe(t)
      }),
      { numRuns: 500 },
    )
  })
})
