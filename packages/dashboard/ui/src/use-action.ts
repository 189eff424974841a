/** A form's submission: busy while it runs, its failure kept to show next to the form. */
import { useState } from 'preact/hooks'

/** The state of a form's action, and `run` to start it. */
export interface ActionState {
  busy: boolean
  /** The last run's failure, until the next run. */
  error: unknown
  /** Runs `action`; resolves with its failure, or undefined when it succeeded. */
  run: (action: () => Promise<void>) => Promise<unknown>
}

/** One action at a time for a form. */
export function useAction(): ActionState {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const run = async (action: () => Promise<void>) => {
    setBusy(true)
    setError(undefined)
    try {
      await action()
      return undefined
    } catch (failure) {
      setError(failure)
      return failure
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, run }
}
