/**
 * The Rotate form: a new value while the previous one stays valid for an
 * overlap (readers that use `getActive` accept either meanwhile).
 */
import { useId, useRef, useState } from 'preact/hooks'
import { rotateSecret } from '../api.js'
import type { SecretDetail } from '../api-types.js'
import { useAction } from '../use-action.js'
import { ErrorNote } from './Feedback.js'
import { SubmitButton } from './SubmitButton.js'
import { ValueField } from './ValueField.js'

const HOUR = 3600
/** The overlap choices; `custom` takes an amount and a unit. */
const CHOICES = [
  { key: 'none', label: 'None: the old value stops working now', seconds: 0 },
  { key: '1h', label: '1 hour', seconds: HOUR },
  { key: '24h', label: '24 hours', seconds: 24 * HOUR },
  { key: '7d', label: '7 days', seconds: 7 * 24 * HOUR },
  { key: 'custom', label: 'Custom', seconds: null },
] as const
const UNITS = { minutes: 60, hours: HOUR, days: 24 * HOUR } as const
/** The API's largest overlap: one year. */
const MAX_OVERLAP = 365 * 24 * HOUR

interface RotateSecretProps {
  secret: SecretDetail
  onRotated: (version: number) => void
}

/** Rotates `secret` to a new value with the chosen overlap. */
export function RotateSecret({ secret, onRotated }: RotateSecretProps) {
  const valueRef = useRef<HTMLInputElement>(null)
  const id = useId()
  const [choice, setChoice] = useState<(typeof CHOICES)[number]['key']>('24h')
  const [customError, setCustomError] = useState<string | null>(null)
  const { busy, error, run } = useAction()
  const overlapOf = (form: HTMLFormElement): number | null => {
    const chosen = CHOICES.find((c) => c.key === choice)
    if (chosen?.seconds !== null && chosen !== undefined) return chosen.seconds
    const amount = Number((form.elements.namedItem('amount') as HTMLInputElement).value)
    const unit = (form.elements.namedItem('unit') as HTMLSelectElement).value as keyof typeof UNITS
    const seconds = Math.round(amount * UNITS[unit])
    return Number.isFinite(seconds) && seconds >= 0 && seconds <= MAX_OVERLAP ? seconds : null
  }
  const submit = async (event: Event) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const overlapSeconds = overlapOf(form)
    setCustomError(overlapSeconds === null ? 'Give an overlap from 0 up to 365 days.' : null)
    const input = valueRef.current
    if (overlapSeconds === null || !input) return
    await run(async () => {
      const { version } = await rotateSecret(secret.name, { value: input.value, overlapSeconds })
      input.value = ''
      onRotated(version)
    })
  }
  return (
    <form onSubmit={submit} class="stack" aria-busy={busy}>
      <ValueField label="New value" inputRef={valueRef} autofocus />
      <fieldset class="field">
        <legend>Keep version {secret.version} valid for</legend>
        {CHOICES.map((c) => (
          <label key={c.key} class="choice">
            <input
              type="radio"
              name="overlap"
              value={c.key}
              checked={choice === c.key}
              onChange={() => setChoice(c.key)}
            />
            {c.label}
          </label>
        ))}
        {choice === 'custom' && (
          <div class="custom-overlap">
            <label for={`${id}-amount`}>Amount</label>
            <input
              id={`${id}-amount`}
              name="amount"
              type="number"
              min={0}
              step="any"
              required
              inputMode="decimal"
              aria-invalid={customError !== null}
              aria-describedby={customError ? `${id}-custom-error` : undefined}
            />
            <label for={`${id}-unit`}>Unit</label>
            <select id={`${id}-unit`} name="unit">
              {Object.keys(UNITS).map((unit) => (
                <option key={unit}>{unit}</option>
              ))}
            </select>
          </div>
        )}
        {customError && (
          <p class="error-note" role="alert" id={`${id}-custom-error`}>
            {customError}
          </p>
        )}
      </fieldset>
      <ErrorNote error={error} doing="rotate" />
      <SubmitButton label="Rotate" busyLabel="Rotating…" busy={busy} />
    </form>
  )
}
