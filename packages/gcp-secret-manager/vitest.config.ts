import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'gcp-secret-manager',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // google-auth-library must never probe a metadata server from a test.
    env: { METADATA_SERVER_DETECTION: 'none' },
  },
})
