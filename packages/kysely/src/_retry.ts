/**
 * Runs a transaction again when the database says it lost a race: a
 * deadlock victim (MySQL gap locks between two creators), a serialization
 * failure, a busy SQLite file, or a unique-key violation the caller treats as
 * "someone else created the row first".
 * @module
 */
import { BackendError } from '@secrets/core'
import { classifyError, SqlDriverError, toBackendError } from './_errors.js'

/** Attempts before giving up; each round lets at least one contender commit. */
export const MAX_ATTEMPTS = 10

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * @param backend the backend's name, for messages
 * @param operation the method, for messages
 * @param attempt one run of the transaction
 * @param onUnique what a unique-key violation means: `'retry'`, or an error to throw instead
 * @throws the attempt's own library errors (ConflictError, …) unchanged; BackendError otherwise
 */
export async function withRetry<T>(
  backend: string,
  operation: string,
  attempt: () => Promise<T>,
  onUnique: () => Error | 'retry' = () => 'retry',
): Promise<T> {
  let lastError: unknown
  for (let round = 0; round < MAX_ATTEMPTS; round++) {
    try {
      return await attempt()
    } catch (error) {
      const kind = classifyError(error)
      if (kind === 'unique') {
        const outcome = onUnique()
        if (outcome !== 'retry') throw outcome
      } else if (kind !== 'retry') {
        throw toBackendError(backend, operation, error)
      }
      lastError = error
      // Jittered backoff, growing from ~2 ms to at most 100 ms.
      await sleep(Math.random() * Math.min(100, 2 ** (round + 1)))
    }
  }
  throw new BackendError(
    `${backend}: ${operation} gave up after ${MAX_ATTEMPTS} attempts under contention`,
    { cause: new SqlDriverError(lastError) },
  )
}
