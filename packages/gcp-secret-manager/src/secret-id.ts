/**
 * Secret ids from paths. GCP secret ids are 1 to 255 of `A-Z a-z 0-9 _ -`,
 * while the store's paths (prefix, scope segments and names) also hold
 * `. / = @`. {@link encodeSecretId} maps a path into the id alphabet,
 * reversibly and injectively:
 *
 * - `A-Z a-z 0-9 -` stay as they are;
 * - `_` stays, unless the next character of the path is also `_`: then it
 *   becomes `__5F` (so the output never holds `__` that decodes otherwise);
 * - every other character becomes `__XX` per UTF-8 byte, in upper-case hex
 *   (`.` is `__2E`, `/` is `__2F`, `=` is `__3D`, `@` is `__40`).
 *
 * {@link decodeSecretId} reads left to right: `__` followed by two upper-case
 * hex digits is that byte, anything else is itself. An id of `A-Z a-z 0-9 _ -`
 * without `__` (what teams already have) is its own path. Encoding a path
 * that ends in `/` gives a prefix of the encoding of every longer path, so a
 * scope's ids share the encoded scope prefix.
 * @module
 */

const KEEP = /[A-Za-z0-9-]/
const ESCAPE = /^__([0-9A-F]{2})/
const encoder = new TextEncoder()
const strict = new TextDecoder('utf-8', { fatal: true })

/**
 * The GCP secret id of a path (see the module comment).
 * @param path a store path such as `myapp/tenant=acme/db.url`
 * @returns the id, such as `myapp__2Ftenant__3Dacme__2Fdb__2Eurl`
 * @example encodeSecretId('prod/db.url') // 'prod__2Fdb__2Eurl'
 */
export function encodeSecretId(path: string): string {
  let out = ''
  const chars = [...path]
  for (const [i, char] of chars.entries()) {
    if (KEEP.test(char)) out += char
    else if (char === '_') out += chars[i + 1] === '_' ? '__5F' : '_'
    else {
      for (const byte of encoder.encode(char)) {
        out += `__${byte.toString(16).toUpperCase().padStart(2, '0')}`
      }
    }
  }
  return out
}

/**
 * The path a secret id encodes.
 * @returns the path, or null when the escapes are not UTF-8 (an id that no path encodes to)
 * @example decodeSecretId('prod__2Fdb__2Eurl') // 'prod/db.url'
 */
export function decodeSecretId(id: string): string | null {
  let out = ''
  let run: number[] = [] // consecutive escaped bytes: one UTF-8 sequence may span several
  const flush = (): boolean => {
    if (run.length === 0) return true
    try {
      out += strict.decode(new Uint8Array(run))
    } catch {
      return false
    }
    run = []
    return true
  }
  for (let i = 0; i < id.length; ) {
    const escaped = ESCAPE.exec(id.slice(i, i + 4))
    if (escaped) {
      run.push(Number.parseInt(escaped[1]!, 16))
      i += 4
      continue
    }
    if (!flush()) return null
    out += id[i]
    i += 1
  }
  return flush() ? out : null
}
