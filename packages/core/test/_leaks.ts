import { inspect } from 'node:util'
import { expect } from 'vitest'

/** Every rendering of an error a user or a log could see. */
export function renderings(err: unknown): string[] {
  const e = err as Error & { cause?: unknown }
  return [
    String(e.message),
    String(e.stack),
    inspect(e.cause, { depth: 5 }),
    JSON.stringify(e),
    inspect(e, { depth: 5, showHidden: true }),
  ]
}

/** Asserts that none of the secrets appears in any rendering of the error. */
export function expectNoLeak(err: unknown, ...secrets: string[]): void {
  for (const text of renderings(err)) {
    for (const secret of secrets) {
      if (secret.length >= 4) expect(text).not.toContain(secret)
    }
  }
}
