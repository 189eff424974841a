export {
  type FakeEndpoint,
  fakeClientOptions,
  fakeRestClientOptions,
  type SecretManagerClientOptions,
} from './client-options.js'
export { crc32c } from './crc32c.js'
export { type FakeOptions, type FakeSecretManager, startFakeSecretManager } from './server.js'
