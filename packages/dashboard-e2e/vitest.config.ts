import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'dashboard-e2e',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // The page answers within milliseconds; the margin is for a loaded CI machine.
    expect: { poll: { timeout: 15_000, interval: 25 } },
  },
})
