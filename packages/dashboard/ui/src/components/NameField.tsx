/** A secret-name input, checked as the store checks names, with the rule in view. */
import { assertSecretName } from '@secrets/core'
import { useId, useState } from 'preact/hooks'

/** The naming rule, as shown under the field. */
export const NAME_RULE =
  'Up to 255 of A–Z a–z 0–9 _ . - /, starting with a letter, digit or _; / separates path segments (no empty, "." or ".." segment).'

/** The store's complaint about a name, or null when the store would accept it. */
export function nameProblem(name: string): string | null {
  try {
    assertSecretName(name)
    return null
  } catch (error) {
    return error instanceof Error ? error.message : 'This name is invalid'
  }
}

interface NameFieldProps {
  /** An error about the name from the server (a taken name), shown under the field. */
  serverError?: string | null
}

/** The name input of the Add form (`name="name"`). */
export function NameField({ serverError }: NameFieldProps) {
  const id = useId()
  const [problem, setProblem] = useState<string | null>(null)
  const check = (event: Event) => {
    const { value } = event.currentTarget as HTMLInputElement
    setProblem(value === '' ? null : nameProblem(value))
  }
  const message = problem ?? serverError ?? null
  return (
    <div class="field">
      <label for={id}>Name</label>
      <input
        id={id}
        name="name"
        required
        autofocus
        maxLength={255}
        autocomplete="off"
        autocapitalize="off"
        spellcheck={false}
        aria-invalid={message !== null}
        aria-describedby={`${id}-rule${message ? ` ${id}-error` : ''}`}
        onInput={check}
        onBlur={check}
      />
      <p class="hint" id={`${id}-rule`}>
        {NAME_RULE}
      </p>
      {message && (
        <p class="error-note" id={`${id}-error`} role="alert">
          {message}
        </p>
      )}
    </div>
  )
}
