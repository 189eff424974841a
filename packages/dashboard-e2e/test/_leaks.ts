/** The check every browser suite ends with: no test value anywhere it could have leaked. */
import { expect } from 'vitest'
import type { RecordedPage } from './_browser.js'
import type { TestValues } from './_values.js'

/** The only requests whose bodies may carry a value: create, replace and rotate. */
const WRITES = /^(POST \/secrets|PUT \/secrets\/[^/]+|POST \/secrets\/[^/]+\/rotate)$/

/**
 * Asserts that the pages kept to their CSP, and that no value of `values`
 * is in their DOM snapshots, console, network log (URLs, headers, response
 * bodies), storage or cookies, nor in the server's output; a request body
 * may hold one only if it is a write.
 * @returns how many request bodies carried a value
 */
export async function expectNothingLeaked(
  pages: readonly RecordedPage[],
  values: TestValues,
  serverLogs: string,
): Promise<number> {
  let carried = 0
  for (const recorded of pages) {
    expect(recorded.cspViolations).toEqual([])
    const index = recorded.network.find((e) => new URL(e.url).pathname === '/ui/')
    expect(index?.responseHeaders?.['content-security-policy']).toContain("script-src 'self'")
    expect(values.foundIn(await recorded.evidence())).toEqual([])
    for (const exchange of recorded.network) {
      if (!exchange.requestBody || values.foundIn(exchange.requestBody).length === 0) continue
      expect(`${exchange.method} ${new URL(exchange.url).pathname}`).toMatch(WRITES)
      carried += 1
    }
  }
  expect(values.foundIn(serverLogs)).toEqual([])
  return carried
}
