/** Test values: random, so that finding one anywhere can only mean it leaked. */
import { randomBytes } from 'node:crypto'

/** Every value a suite wrote, for its leak check. */
export class TestValues {
  readonly all: string[] = []

  /** A fresh value, remembered. */
  next(label: string): string {
    const value = `${label}-${randomBytes(9).toString('base64url')}`
    this.all.push(value)
    return value
  }

  /** The values found in `text` (none, if nothing leaked). */
  foundIn(text: string): string[] {
    return this.all.filter((value) => text.includes(value))
  }
}

/** Runs `fn` over `items`, `width` at a time. */
export async function inBatches<T>(
  items: readonly T[],
  width: number,
  fn: (item: T) => Promise<unknown>,
) {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(fn))
}
