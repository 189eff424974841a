import { describe, expect, it } from 'vitest'
import {
  createSecrets,
  generateMasterKey,
  InvalidConfigError,
  Keyring,
  memoryBackend,
  resolveConfig,
} from '../src/index.js'

const keyring = Keyring.fromKeys({ keys: { k: generateMasterKey() } })

async function scopeWithBigSecret() {
  const s = createSecrets({ backend: memoryBackend(), keyring, audit: false }).scope({ t: 'r' })
  await s.set('BIG', 'x'.repeat(64 * 1024))
  return s
}

describe('resolveConfig output bound', () => {
  it('refuses a config whose references would expand past maxOutputSize, with a typed error', async () => {
    const s = await scopeWithBigSecret()
    const many = { env: Array.from({ length: 300 }, () => '${SECRET:BIG}') }
    const err = await resolveConfig(many, { secrets: s, accessor: 'test' }).catch((e: unknown) => e)
    expect(InvalidConfigError.isInstance(err)).toBe(true)
    expect(err).toMatchObject({ problem: 'output' })
    expect((err as Error).message).toMatch(/maxOutputSize/)
  })

  it('checks before each concatenation when every reference is in one string', async () => {
    const s = await scopeWithBigSecret()
    const one = { header: '${SECRET:BIG}'.repeat(1000) }
    const err = await resolveConfig(one, { secrets: s, accessor: 'test' }).catch((e: unknown) => e)
    expect(InvalidConfigError.isInstance(err)).toBe(true)
    expect(err).not.toBeInstanceOf(RangeError)
  })

  it('resolves up to the bound, which can be raised or lowered', async () => {
    const s = await scopeWithBigSecret()
    const config = { a: '${SECRET:BIG}', b: 'secret:BIG' }
    const out = await resolveConfig(config, {
      secrets: s,
      accessor: 'test',
      maxOutputSize: 2 * 65536,
    })
    expect(out.a.length + out.b.length).toBe(2 * 65536)
    await expect(
      resolveConfig(config, { secrets: s, accessor: 'test', maxOutputSize: 2 * 65536 - 1 }),
    ).rejects.toMatchObject({ problem: 'output' })
  })
})
