/** A store on the memory backend with a settable clock and an audit sink to read. */
import {
  createSecrets,
  generateMasterKey,
  Keyring,
  memoryAuditSink,
  memoryBackend,
} from '@secrets/core'

/** A fresh store: `clock.ms` drives both the store and the signers built with `now`. */
export function testStore(start = Date.now()) {
  const clock = { ms: start }
  const now = () => new Date(clock.ms)
  const audit = memoryAuditSink()
  const secrets = createSecrets({
    backend: memoryBackend(),
    keyring: Keyring.fromKeys({ keys: { k: generateMasterKey() } }),
    audit,
    now,
  })
  return { secrets, scope: secrets.scope({ tenant: 'acme' }), audit, clock, now }
}

/** The spec's test secret (standard-webhooks libraries' test suites). */
export const SPEC_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
