import { InvalidArgumentError } from '@secrets/core'
import { describe, expect, it } from 'vitest'
import { generateWebhookSecret } from '../src/index.js'

describe('generateWebhookSecret', () => {
  it('is whsec_ and the base64 of 24 to 64 random bytes, 32 by default', () => {
    for (const [bytes, secret] of [
      [32, generateWebhookSecret()],
      [24, generateWebhookSecret(24)],
      [64, generateWebhookSecret(64)],
    ] as const) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/)
      expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(bytes)
    }
    expect(generateWebhookSecret()).not.toBe(generateWebhookSecret())
  })

  it('refuses sizes outside the spec', () => {
    for (const bytes of [23, 65, 32.5, Number.NaN]) {
      expect(() => generateWebhookSecret(bytes)).toThrow(InvalidArgumentError)
    }
  })
})
