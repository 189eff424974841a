/**
 * The reference scanner: one left-to-right pass over a string, no regular
 * expression (nothing can backtrack on hostile input), every character looked
 * at a bounded number of times. The grammar is in docs/resolver.md.
 * @module
 */
import { assertSecretName } from '../backend/validation.js'
import { InvalidNameError } from '../errors/invalid-name-error.js'

/** One reference parsed from a config string. */
export interface _SecretReference {
  /** The secret's name. */
  readonly name: string
  /** The pinned version (`@3`), when there is one. */
  readonly version?: number
  /** The JSON field path (`#a.b` gives `['a', 'b']`), when there is one. */
  readonly field?: readonly string[]
  /** The text after `:-`, used when the secret (or field) is absent. */
  readonly fallback?: string
  /** Marked with `?`: absent gives `''`. */
  readonly optional: boolean
}

/** A parsed string. */
export type _Template =
  /** No reference: the text to use (escapes already applied). */
  | { readonly kind: 'text'; readonly text: string }
  /** A whole-string reference (`secret:NAME`): the value keeps a field's JSON type. */
  | { readonly kind: 'whole'; readonly ref: _SecretReference }
  /** Text and placeholders interleaved: `texts.length === refs.length + 1`. */
  | {
      readonly kind: 'parts'
      readonly texts: readonly string[]
      readonly refs: readonly _SecretReference[]
    }

/** Reports a syntax error at an offset of the string; never returns. */
export type _SyntaxFailure = (message: string) => never

const OPEN = '{SECRET:'
const DOLLAR = 0x24
const BACKSLASH = 0x5c
const MAX_VERSION_DIGITS = 15

/** Characters of secret names: A-Z a-z 0-9 _ . - / */
const NAME_CHARS = charTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-/')
/** Characters of JSON field segments: A-Z a-z 0-9 _ - */
const FIELD_CHARS = charTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-')

function charTable(chars: string): Uint8Array {
  const table = new Uint8Array(128)
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = 1
  return table
}

function inTable(table: Uint8Array, code: number): boolean {
  return code < 128 && table[code] === 1
}

/**
 * Parses one config string.
 * @param text the string
 * @param prefix the whole-string prefix, or null when disabled
 * @param fail called with a message for a malformed reference
 * @returns what the string holds
 */
export function _parseTemplate(
  text: string,
  prefix: string | null,
  fail: _SyntaxFailure,
): _Template {
  let body = text
  if (prefix !== null) {
    if (text.startsWith(prefix))
      return { kind: 'whole', ref: parseWhole(text, prefix.length, fail) }
    // `\secret:x` is the literal `secret:x`; each further leading `\` is kept.
    if (text.charCodeAt(0) === BACKSLASH) {
      let run = 1
      while (text.charCodeAt(run) === BACKSLASH) run++
      if (text.startsWith(prefix, run)) body = text.slice(1)
    }
  }
  if (!body.includes('${SECRET:')) return { kind: 'text', text: body }
  return parseInline(body, fail)
}

/**
 * Inline placeholders. Before `{SECRET:`, a run of n dollars stands for
 * floor(n / 2) literal dollars, followed by a placeholder when n is odd and by
 * the literal `{SECRET:` when n is even: `$${SECRET:X}` is the text
 * `${SECRET:X}`, `$$${SECRET:X}` is `$` and the value. Dollars anywhere else
 * are plain text.
 */
function parseInline(body: string, fail: _SyntaxFailure): _Template {
  const texts: string[] = []
  const refs: _SecretReference[] = []
  // Slices of the body joined once per text: cheaper than growing one string.
  let chunks: string[] = []
  let start = 0 // first character not yet copied
  let from = 0 // where the next search begins
  for (;;) {
    const open = body.indexOf(OPEN, from)
    if (open < 0) break
    let run = open
    while (run > start && body.charCodeAt(run - 1) === DOLLAR) run--
    const dollars = open - run
    if (dollars === 0) {
      from = open + 1
      continue
    }
    // Keep half the dollars, drop the rest.
    chunks.push(body.slice(start, run + (dollars >> 1)))
    if ((dollars & 1) === 0) {
      start = open // `{SECRET:` stays, as text
      from = open + OPEN.length
      continue
    }
    const [ref, end] = parseReference(body, open + OPEN.length, false, fail)
    texts.push(chunks.join(''))
    refs.push(ref)
    chunks = []
    start = from = end
  }
  chunks.push(body.slice(start))
  const rest = chunks.join('')
  if (refs.length === 0) return { kind: 'text', text: rest }
  texts.push(rest)
  return { kind: 'parts', texts, refs }
}

function parseWhole(text: string, from: number, fail: _SyntaxFailure): _SecretReference {
  return parseReference(text, from, true, fail)[0]
}

/**
 * Parses `NAME[@VERSION][#FIELD][?|:-DEFAULT]` from `from`; inline references
 * end with `}`, whole-string ones at the end of the string.
 * @returns the reference and the offset just after it
 */
function parseReference(
  text: string,
  from: number,
  whole: boolean,
  fail: _SyntaxFailure,
): [_SecretReference, number] {
  let at = from
  while (at < text.length && inTable(NAME_CHARS, text.charCodeAt(at))) at++
  if (at === from) {
    fail(
      at < text.length
        ? `expected a secret name at offset ${at}, found ${describeChar(text, at)}`
        : `expected a secret name at offset ${at}, found the end of the string`,
    )
  }
  const name = text.slice(from, at)
  try {
    assertSecretName(name)
  } catch (error) {
    if (InvalidNameError.isInstance(error)) fail(error.message)
    throw error
  }

  let version: number | undefined
  if (text.charCodeAt(at) === 0x40 /* @ */) {
    const digits = ++at
    while (at < text.length && isDigit(text.charCodeAt(at))) at++
    const count = at - digits
    if (count === 0 || count > MAX_VERSION_DIGITS || text.charCodeAt(digits) === 0x30 /* 0 */) {
      fail(`"@" after "${name}" must be followed by a version number from 1, without leading zeros`)
    }
    version = Number(text.slice(digits, at))
  }

  let field: string[] | undefined
  if (text.charCodeAt(at) === 0x23 /* # */) {
    field = []
    do {
      const segment = ++at
      while (at < text.length && inTable(FIELD_CHARS, text.charCodeAt(at))) at++
      if (at === segment) {
        fail(
          `expected a field name of A-Z a-z 0-9 _ - at offset ${at} (in the "#" part of the reference to "${name}")`,
        )
      }
      field.push(text.slice(segment, at))
    } while (text.charCodeAt(at) === 0x2e /* . */)
  }

  let optional = false
  let fallback: string | undefined
  let end: number
  const next = text.charCodeAt(at)
  if (next === 0x3f /* ? */) {
    optional = true
    at++
  } else if (next === 0x3a /* : */ && text.charCodeAt(at + 1) === 0x2d /* - */) {
    at += 2
    if (whole) {
      fallback = text.slice(at)
      at = text.length
    } else {
      const begin = at
      while (at < text.length && !isBrace(text.charCodeAt(at))) at++
      if (text.charCodeAt(at) === 0x7b /* { */) {
        fail(`the default of "${name}" cannot contain "{" or "}" (defaults are plain text)`)
      }
      fallback = text.slice(begin, at)
    }
  }
  if (whole) {
    if (at !== text.length)
      fail(`unexpected ${describeChar(text, at)} at offset ${at} in the reference to "${name}"`)
    end = at
  } else {
    if (at >= text.length) fail(`the placeholder for "${name}" is not closed with "}"`)
    if (text.charCodeAt(at) !== 0x7d /* } */) {
      fail(
        `unexpected ${describeChar(text, at)} at offset ${at} in the reference to "${name}"; expected "}", "?}" or ":-default}"`,
      )
    }
    end = at + 1
  }

  const ref: { -readonly [K in keyof _SecretReference]: _SecretReference[K] } = { name, optional }
  if (version !== undefined) ref.version = version
  if (field !== undefined) ref.field = field
  if (fallback !== undefined) ref.fallback = fallback
  return [ref, end]
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39
}

function isBrace(code: number): boolean {
  return code === 0x7b || code === 0x7d
}

/** One character for a message: printable ASCII as itself, anything else as U+XXXX. */
function describeChar(text: string, at: number): string {
  const code = text.codePointAt(at) ?? 0
  if (code > 0x20 && code < 0x7f) return JSON.stringify(String.fromCharCode(code))
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
}
