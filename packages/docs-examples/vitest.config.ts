import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'docs',
    include: ['test/**/*.test.ts'],
    // The guide's walk changes directory to a temporary one (it opens
    // `secrets.db` by a relative path), which worker threads cannot do.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
