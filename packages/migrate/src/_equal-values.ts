/** Compares two values in time that depends on their lengths only. Internal. */
import { timingSafeEqual } from 'node:crypto'

/**
 * Whether two strings hold the same UTF-8 bytes. Strings of different byte
 * lengths differ at once (their lengths are not what is protected); equal
 * lengths are compared with `timingSafeEqual`.
 */
export function equalValues(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return x.length === y.length && timingSafeEqual(x, y)
}
