import { defineConfig } from 'vitest/config'

/** The Node.js major running the suites: CI runs them on several, one report each. */
const nodeMajor = process.versions.node.split('.')[0]

export default defineConfig({
  test: {
    projects: ['packages/*'],
    // CI keeps a JSON report per Node.js major for the closing summary line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: `.ci/results/vitest-node${nodeMajor}.json` },
  },
})
