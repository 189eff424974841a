/** The page: a header, the current view (or the sign-in form), and a live region for results. */
import { useEffect, useState } from 'preact/hooks'
import { hasToken, onSignInNeeded, setToken } from '../api.js'
import { useRoute } from '../route.js'
import { SecretList } from './SecretList.js'
import { SecretPage } from './SecretPage.js'
import { SignIn } from './SignIn.js'

/** Moves focus to the content (a button: a `#main` link would change the route, which is the fragment). */
function skipToContent() {
  document.getElementById('main')?.focus()
}

/** The whole page. */
export function App() {
  const route = useRoute()
  const [signInNeeded, setSignInNeeded] = useState(false)
  const [session, setSession] = useState(0)
  const [message, setMessage] = useState('')
  useEffect(() => onSignInNeeded(() => setSignInNeeded(true)), [])
  useEffect(() => {
    if (!message) return
    const timer = setTimeout(() => setMessage(''), 8000)
    return () => clearTimeout(timer)
  }, [message])
  useEffect(() => {
    document.title = route.page === 'secret' ? `${route.name} · Secrets` : 'Secrets'
  }, [route])
  const signOut = () => {
    setToken(null)
    setSignInNeeded(true)
  }
  return (
    <>
      <button type="button" class="skip-link" onClick={skipToContent}>
        Skip to content
      </button>
      <header class="top">
        <a class="brand" href="#/">
          Secrets
        </a>
        {hasToken() && !signInNeeded && (
          <button type="button" class="button quiet" onClick={signOut}>
            Sign out
          </button>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {signInNeeded ? (
          <SignIn
            onSignedIn={() => {
              setSignInNeeded(false)
              setSession((n) => n + 1)
            }}
          />
        ) : route.page === 'secret' ? (
          <SecretPage key={`${session} ${route.name}`} name={route.name} announce={setMessage} />
        ) : (
          <SecretList
            key={session}
            prefix={route.prefix}
            limit={route.limit}
            announce={setMessage}
          />
        )}
      </main>
      <p class="toast" role="status">
        {message}
      </p>
    </>
  )
}
