/** Deleting a secret: every version, behind typing its name. */
import { useId, useState } from 'preact/hooks'
import { deleteSecret } from '../api.js'
import { useAction } from '../use-action.js'
import { ErrorNote } from './Feedback.js'
import { SubmitButton } from './SubmitButton.js'

interface DeleteSecretProps {
  name: string
  onDeleted: () => void
}

/** Asks for the name to be typed, then deletes. */
export function DeleteSecret({ name, onDeleted }: DeleteSecretProps) {
  const id = useId()
  const [typed, setTyped] = useState('')
  const { busy, error, run } = useAction()
  const submit = async (event: Event) => {
    event.preventDefault()
    if (typed !== name) return
    await run(async () => {
      await deleteSecret(name)
      onDeleted()
    })
  }
  return (
    <form onSubmit={submit} class="stack" aria-busy={busy}>
      <p>
        This deletes every version of <strong>{name}</strong>. Whatever reads it will fail. Its
        access log stays.
      </p>
      <div class="field">
        <label for={id}>Type the name to confirm</label>
        <input
          id={id}
          autofocus
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          value={typed}
          onInput={(event) => setTyped((event.currentTarget as HTMLInputElement).value)}
        />
      </div>
      <ErrorNote error={error} doing="delete" />
      <SubmitButton
        label="Delete secret"
        busyLabel="Deleting…"
        busy={busy}
        disabled={typed !== name}
        danger
      />
    </form>
  )
}
