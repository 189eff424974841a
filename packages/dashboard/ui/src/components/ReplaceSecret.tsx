/**
 * The Replace form: a new version written only over the version the page
 * shows (`If-Match`), so a change made meanwhile is never overwritten.
 */
import { useId, useRef } from 'preact/hooks'
import { replaceSecret } from '../api.js'
import { ApiError } from '../api-error.js'
import type { SecretDetail } from '../api-types.js'
import { useAction } from '../use-action.js'
import { ErrorNote } from './Feedback.js'
import { SubmitButton } from './SubmitButton.js'
import { ValueField } from './ValueField.js'

interface ReplaceSecretProps {
  secret: SecretDetail
  onReplaced: (version: number) => void
  /** After a conflict: the page loads the latest version (this form then writes over that). */
  onStale: () => void
}

/** Writes a new version over `secret.version`, or shows the conflict. */
export function ReplaceSecret({ secret, onReplaced, onStale }: ReplaceSecretProps) {
  const valueRef = useRef<HTMLInputElement>(null)
  const errorId = useId()
  const { busy, error, run } = useAction()
  const submit = async (event: Event) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const description = (form.elements.namedItem('description') as HTMLTextAreaElement).value
    const input = valueRef.current
    if (!input) return
    const failure = await run(async () => {
      const { version } = await replaceSecret(
        secret.name,
        { value: input.value, ...(description ? { description } : {}) },
        secret.version,
      )
      input.value = ''
      onReplaced(version)
    })
    if (failure instanceof ApiError && failure.code === 'CONFLICT') onStale()
  }
  return (
    <form onSubmit={submit} class="stack" aria-busy={busy}>
      <p>
        Writes version {secret.version + 1} over version {secret.version}. Readers get the new value
        at once; use Rotate to keep the old one valid for a while.
      </p>
      <ValueField label="New value" inputRef={valueRef} errorId={errorId} autofocus />
      <div class="field">
        <label for="replace-description">Description</label>
        <textarea
          id="replace-description"
          name="description"
          rows={3}
          maxLength={1024}
          defaultValue={secret.description ?? ''}
        />
      </div>
      <ErrorNote error={error} doing="replace" id={errorId} />
      <SubmitButton label="Replace value" busyLabel="Replacing…" busy={busy} />
    </form>
  )
}
