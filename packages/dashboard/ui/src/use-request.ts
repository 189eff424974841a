/** Loading what a view shows, with its error and a way to load it again. */
import { useCallback, useEffect, useState } from 'preact/hooks'

/** A request's state. */
export interface RequestState<T> {
  /** The latest answer; while `loading`, that of the previous request. */
  data: T | undefined
  error: unknown
  /** True from the render where `deps` change until their answer is in. */
  loading: boolean
  /** Loads again (after a write). */
  reload: () => void
}

interface Answer<T> {
  key: string
  data?: T
  error?: unknown
}

/**
 * Runs `load` now and whenever `deps` (JSON values) change; a slower earlier
 * answer never overwrites a later one, and an answer is never presented as
 * that of newer `deps`.
 */
export function useRequest<T>(load: () => Promise<T>, deps: readonly unknown[]): RequestState<T> {
  const [round, setRound] = useState(0)
  const key = JSON.stringify([...deps, round])
  const [answer, setAnswer] = useState<Answer<T> | undefined>()
  useEffect(() => {
    let current = true
    load().then(
      (data) => current && setAnswer({ key, data }),
      (error: unknown) =>
        current && setAnswer((previous) => ({ key, data: previous?.data, error })),
    )
    return () => {
      current = false
    }
  }, [key])
  const reload = useCallback(() => setRound((n) => n + 1), [])
  const loading = answer?.key !== key
  return { data: answer?.data, error: loading ? undefined : answer?.error, loading, reload }
}
