import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'gcp-fake',
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // google-auth-library must never probe a metadata server from a test.
    env: { METADATA_SERVER_DETECTION: 'none' },
  },
})
