/** A form's submit button: disabled and relabelled while the form's action runs. */

interface SubmitButtonProps {
  /** What it does (`Create secret`). */
  label: string
  /** What it says while the action runs (`Creating…`); `label` when absent. */
  busyLabel?: string
  busy: boolean
  /** Disabled besides while busy (a confirmation not typed yet). */
  disabled?: boolean
  /** For an action that cannot be undone. */
  danger?: boolean
}

/** The submit button of a form, in its actions row. */
export function SubmitButton({ label, busyLabel, busy, disabled, danger }: SubmitButtonProps) {
  return (
    <div class="actions">
      <button
        type="submit"
        class={danger ? 'button danger' : 'button primary'}
        disabled={busy || disabled === true}
      >
        {busy ? (busyLabel ?? label) : label}
      </button>
    </div>
  )
}
