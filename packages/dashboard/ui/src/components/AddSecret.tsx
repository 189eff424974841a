/** The Add form: name, value (write-only) and description; a create that never overwrites. */
import { useRef } from 'preact/hooks'
import { createSecret } from '../api.js'
import { ApiError } from '../api-error.js'
import { useAction } from '../use-action.js'
import { ErrorNote } from './Feedback.js'
import { NameField, nameProblem } from './NameField.js'
import { SubmitButton } from './SubmitButton.js'
import { ValueField } from './ValueField.js'

interface AddSecretProps {
  /** After the secret was created, with its name. */
  onCreated: (name: string) => void
}

/** Creates a secret (409 when the name is taken). */
export function AddSecret({ onCreated }: AddSecretProps) {
  const valueRef = useRef<HTMLInputElement>(null)
  const { busy, error, run } = useAction()
  const submit = async (event: Event) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const name = (form.elements.namedItem('name') as HTMLInputElement).value
    const description = (form.elements.namedItem('description') as HTMLTextAreaElement).value
    const input = valueRef.current
    if (!input || nameProblem(name) !== null) return
    await run(async () => {
      await createSecret({ name, value: input.value, ...(description ? { description } : {}) })
      input.value = ''
      onCreated(name)
    })
  }
  const nameTaken = error instanceof ApiError && error.code === 'CONFLICT'
  return (
    <form onSubmit={submit} class="stack" aria-busy={busy}>
      <NameField
        serverError={
          nameTaken ? 'A secret with this name exists already: pick another name.' : null
        }
      />
      <ValueField label="Value" inputRef={valueRef} />
      <div class="field">
        <label for="add-description">Description</label>
        <textarea id="add-description" name="description" rows={3} maxLength={1024} />
        <p class="hint">What it is for and who owns it. Never put the value here.</p>
      </div>
      {!nameTaken && <ErrorNote error={error} doing="create" />}
      <SubmitButton label="Create secret" busyLabel="Creating…" busy={busy} />
    </form>
  )
}
