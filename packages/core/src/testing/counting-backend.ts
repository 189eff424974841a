/**
 * A wrapper that counts calls to a backend's methods, for tests that prove
 * batching (one `getMany` for many names).
 * @module
 */
import type { SecretBackend } from '../backend/secret-backend.js'

/** A backend wrapper and its call counts. */
export interface CountingBackend<B extends SecretBackend = SecretBackend> {
  /** The wrapped backend: use it wherever the original would go. */
  backend: B
  /** Calls per method name since creation or the last `reset()`. */
  calls: Record<string, number>
  /** Sets every count back to zero. */
  reset(): void
}

/**
 * Wraps a backend so that every method call is counted.
 * @example
 * ```ts
 * const counted = countingBackend(memoryBackend())
 * await createSecrets({ backend: counted.backend, … }).scope({}).getMany(names, ctx)
 * expect(counted.calls.getMany).toBe(1)
 * ```
 */
export function countingBackend<B extends SecretBackend>(backend: B): CountingBackend<B> {
  const calls: Record<string, number> = {}
  const wrapped = new Proxy(backend, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver)
      if (typeof value !== 'function' || typeof property !== 'string') return value
      return (...args: unknown[]) => {
        calls[property] = (calls[property] ?? 0) + 1
        return value.apply(target, args)
      }
    },
  })
  return {
    backend: wrapped,
    calls,
    reset() {
      for (const key of Object.keys(calls)) delete calls[key]
    },
  }
}
