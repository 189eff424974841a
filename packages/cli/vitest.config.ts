import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'cli',
    include: ['test/**/*.test.ts'],
    // Every test starts the built binary (`pnpm build` first), often several times.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
