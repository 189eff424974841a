/**
 * The one field that holds a value: a password input that only its own
 * `value` property ever holds (never state, an attribute, the URL or
 * storage), with a Show/Hide toggle. Newlines cannot be typed into it, so a
 * multi-line paste is refused with a note rather than silently flattened.
 */
import type { Ref } from 'preact'
import { useId, useState } from 'preact/hooks'
import { Hint } from './Feedback.js'

interface ValueFieldProps {
  label: string
  inputRef: Ref<HTMLInputElement>
  /** The id of an error about the value, for `aria-describedby`. */
  errorId?: string
  /** Focus it when its panel opens. */
  autofocus?: boolean
}

/** A masked value input with a Show/Hide toggle. */
export function ValueField({ label, inputRef, errorId, autofocus }: ValueFieldProps) {
  const id = useId()
  const hintId = `${id}-hint`
  const [shown, setShown] = useState(false)
  const [multiline, setMultiline] = useState(false)
  const onPaste = (event: ClipboardEvent) => {
    const text = event.clipboardData?.getData('text/plain') ?? ''
    const hasNewline = /[\r\n]/.test(text.replace(/[\r\n]+$/, ''))
    setMultiline(hasNewline)
    if (hasNewline) event.preventDefault()
  }
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <div class="value-row">
        <input
          id={id}
          ref={inputRef}
          // Preact's types take one literal type per input; this one switches.
          type={(shown ? 'text' : 'password') as 'password'}
          name="value"
          required
          autofocus={autofocus}
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          data-1p-ignore
          data-lpignore="true"
          aria-describedby={[hintId, errorId].filter(Boolean).join(' ')}
          onPaste={onPaste}
        />
        <button
          type="button"
          class="button quiet"
          aria-controls={id}
          aria-pressed={shown}
          onClick={() => setShown(!shown)}
        >
          {shown ? 'Hide' : 'Show'}
        </button>
      </div>
      <Hint id={hintId}>
        {multiline
          ? 'This field takes one line: set multi-line values (PEM keys) with `secrets set` or the API.'
          : 'Write-only: once saved, the value is never shown here again.'}
      </Hint>
    </div>
  )
}
