/**
 * vitest, loaded so that a missing install is a clear error instead of a bare
 * "Cannot find package". The kit registers vitest suites, so this subpath is
 * ESM only (vitest itself refuses `require()`). Internal.
 * @module
 */
let vitest: typeof import('vitest')
try {
  vitest = await import('vitest')
} catch (cause) {
  const code = (cause as { code?: unknown } | null)?.code
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw cause
  throw new Error(
    '@secrets/core/testing runs its conformance suite with vitest, which is not installed: npm install --save-dev vitest',
    { cause },
  )
}

export const { afterAll, beforeAll, describe, expect, it } = vitest
