import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'aws-secrets-manager',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The SDK's documented switch for its Node 20 end-of-support notice, which
    // every test worker would otherwise print (aws/aws-sdk-js-v3#7983).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
})
