import { inspect } from 'node:util'
import {
  createSecrets,
  generateMasterKey,
  Keyring,
  type MemoryAuditSink,
  memoryAuditSink,
  memoryBackend,
  type SecretBackend,
  type SecretStore,
} from '@secrets/core'
import { expect } from 'vitest'

export const ALICE = { tenant: 'acme', user: 'alice' }
export const BOB = { tenant: 'acme', user: 'bob' }

export interface Fixture {
  store: SecretStore
  audit: MemoryAuditSink
  /** Keys per backend `getMany` call. */
  getManyCalls: number[]
}

/**
 * A real store on the memory backend, counting backend `getMany` calls, with
 * alice's secrets set (bob has none).
 */
export async function fixture(): Promise<Fixture> {
  const inner = memoryBackend()
  const getManyCalls: number[] = []
  const backend: SecretBackend = {
    ...inner,
    getMany(scope, keys) {
      getManyCalls.push(keys.length)
      return inner.getMany(scope, keys)
    },
  }
  const audit = memoryAuditSink()
  const store = createSecrets({
    backend,
    keyring: Keyring.fromKeys({ keys: { k: generateMasterKey() } }),
    audit,
  })
  const alice = store.scope(ALICE)
  await alice.set('SLACK_TOKEN', 'xoxb-alice-token')
  await alice.set('GITHUB_TOKEN', 'ghp-alice-token')
  audit.clear()
  getManyCalls.length = 0
  return { store, audit, getManyCalls }
}

/** Asserts that no rendering of an error holds any of the values. */
export function expectNoValue(error: unknown, ...values: string[]): void {
  const e = error as Error
  const texts = [
    e.message,
    String(e.stack),
    JSON.stringify(e),
    inspect(e, { depth: 6, showHidden: true }),
  ]
  for (const text of texts) for (const value of values) expect(text).not.toContain(value)
}

/** Awaits `promise` and returns what it rejected with. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}
