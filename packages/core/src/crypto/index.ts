export { constantTimeEqual } from './_bytes.js'
export { type AeadEngine, type EngineName, selectEngine } from './aead-engine.js'
export {
  createEnvelopeCipher,
  ENVELOPE_VERSION,
  type EnvelopeCipher,
  type EnvelopeCipherOptions,
  MAX_ENVELOPE_BYTES,
} from './envelope-cipher.js'
export { deriveKeyId, generateMasterKey, Keyring, type KeyringKeys } from './keyring.js'
