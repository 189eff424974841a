/**
 * @secrets/webhooks: Standard Webhooks (standardwebhooks.com, as used by Svix)
 * signing and verification with keys kept in @secrets/core: every use is an
 * audited read, and a rotation's overlap window signs and verifies with both
 * keys, so no delivery is dropped.
 * @module
 */

export type { ActiveKeysOptions } from './_active-keys.js'
export type { WebhookHeaders, WebhookHeadersInput } from './_headers.js'
export {
  MAX_WEBHOOK_KEY_BYTES,
  MIN_WEBHOOK_KEY_BYTES,
  WEBHOOK_SECRET_PREFIX,
} from './_webhook-key.js'
export { generateWebhookSecret } from './generate-webhook-secret.js'
export {
  type SignInput,
  type WebhookSigner,
  type WebhookSignerOptions,
  webhookSigner,
} from './webhook-signer.js'
export {
  WebhookVerificationError,
  type WebhookVerificationReason,
} from './webhook-verification-error.js'
export {
  type VerifiedWebhook,
  type VerifyInput,
  type WebhookVerifier,
  type WebhookVerifierOptions,
  webhookVerifier,
} from './webhook-verifier.js'
