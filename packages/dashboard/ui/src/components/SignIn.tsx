/** Asks for an API token when the API answers 401; it is kept in this tab's memory only. */
import { listSecrets, setToken } from '../api.js'
import { ApiError } from '../api-error.js'
import { useAction } from '../use-action.js'
import { ErrorNote } from './Feedback.js'
import { SubmitButton } from './SubmitButton.js'

/** The sign-in form; `onSignedIn` once the API accepts the token. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { busy, error, run } = useAction()
  const submit = async (event: Event) => {
    event.preventDefault()
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem(
      'token',
    ) as HTMLInputElement
    setToken(input.value.trim())
    const failure = await run(async () => {
      await listSecrets({ limit: 1 })
      input.value = ''
      onSignedIn()
    })
    // Only a 401 (or no answer) says the token is wrong; past it, the list shows what failed.
    if (failure instanceof ApiError && failure.status !== 401 && failure.status !== 0) onSignedIn()
    else if (failure !== undefined) setToken(null)
  }
  return (
    <section class="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <form onSubmit={submit} class="stack" aria-busy={busy}>
        <div class="field">
          <label for="token">API token</label>
          <input
            id="token"
            name="token"
            type="password"
            required
            autocomplete="off"
            spellcheck={false}
            aria-describedby="token-hint"
          />
          <p class="hint" id="token-hint">
            A token from SECRETS_API_TOKENS (docs/http-api.md). It stays in this tab's memory:
            reloading the page asks for it again.
          </p>
        </div>
        <ErrorNote error={error} doing="sign-in" />
        <SubmitButton label="Sign in" busy={busy} />
      </form>
    </section>
  )
}
