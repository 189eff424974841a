/**
 * Masking of secret values in a child's output, as `op run` does: each
 * occurrence becomes `••••`. The output is a byte stream cut anywhere, so a
 * value may arrive split across chunks: the end of a chunk that could be the
 * start of a value is held back until the next chunk (or the end) tells.
 * Everything else passes at once, so prompts and progress lines are not
 * delayed. Values shorter than {@link MIN_MASKED_LENGTH} characters are not
 * masked: masking `1` or `on` would garble unrelated output and tell a
 * reader the value anyway.
 * @module
 */
import { SECRET_MASK } from '@secrets/core'

/** The shortest value masked, in characters. */
export const MIN_MASKED_LENGTH = 4

const MASK = Buffer.from(SECRET_MASK)

/** Masks the values in one output stream; feed it every chunk, then `end()`. */
export interface Masker {
  /** The masked bytes that can be written now. */
  push(chunk: Buffer): Buffer
  /** The rest, masked, at the end of the stream. */
  end(): Buffer
}

/** Where the earliest value occurs in `data` from `from`, the longest one at a tie. */
function firstMatch(data: Buffer, from: number, values: readonly Buffer[]) {
  let at = -1
  let length = 0
  for (const value of values) {
    const i = data.indexOf(value, from)
    if (i !== -1 && (at === -1 || i < at || (i === at && value.length > length))) {
      at = i
      length = value.length
    }
  }
  return { at, length }
}

/**
 * Where the bytes that must wait begin: the longest end of `data` from `from`
 * that is a proper prefix of some value (it may become that value with the
 * next chunk); `data.length` when there is none.
 */
function heldFrom(data: Buffer, from: number, values: readonly Buffer[], longest: number): number {
  for (let i = Math.max(from, data.length - longest + 1); i < data.length; i++) {
    const tail = data.subarray(i)
    const starts = (v: Buffer) =>
      v[0] === data[i] && v.length > tail.length && v.subarray(0, tail.length).equals(tail)
    if (values.some(starts)) return i
  }
  return data.length
}

/**
 * A masker for these values (those under {@link MIN_MASKED_LENGTH} characters are left out).
 * @param values the secret values, compared as UTF-8 bytes
 */
export function createMasker(values: Iterable<string>): Masker {
  const unique = new Set([...values].filter((v) => v.length >= MIN_MASKED_LENGTH))
  const bytes = [...unique].map((v) => Buffer.from(v))
  const longest = Math.max(0, ...bytes.map((b) => b.length))
  let pending = Buffer.alloc(0)

  const mask = (data: Buffer, final: boolean): Buffer => {
    const hold = (from: number) => (final ? data.length : heldFrom(data, from, bytes, longest))
    const out: Buffer[] = []
    let from = 0
    let held = hold(0)
    for (;;) {
      // A value that starts where bytes are held may still grow into a longer one: wait.
      const { at, length } = firstMatch(data, from, bytes)
      if (at === -1 || at >= held) break
      out.push(data.subarray(from, at), MASK)
      from = at + length
      if (from > held) held = hold(from)
    }
    out.push(data.subarray(from, Math.max(from, held)))
    pending = Buffer.from(data.subarray(Math.max(from, held)))
    return Buffer.concat(out)
  }

  return {
    push: (chunk) => (bytes.length === 0 ? chunk : mask(Buffer.concat([pending, chunk]), false)),
    end: () => (bytes.length === 0 ? Buffer.alloc(0) : mask(pending, true)),
  }
}
