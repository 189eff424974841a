import { createSecrets, resolveConfig, toScope } from '@secrets/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { vaultBackend } from '../src/index.js'
import { rawCall, skipWithoutVault, testClient, uniquePrefix } from './_openbao.js'

const root = toScope({})
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes)

/** Writes a version the way `vault kv put` does, outside the library. */
const kvPut = (path: string, data: Record<string, unknown>) =>
  rawCall('POST', `secret/data/${path}`, { data })

describe.skipIf(skipWithoutVault())('secrets written outside the library (OpenBao)', () => {
  const base = uniquePrefix('foreign')
  const backend = vaultBackend({ client: testClient() })

  beforeAll(async () => {
    await kvPut(`${base}/db`, { user: 'app', password: 'pw-1' })
    await kvPut(`${base}/nested/deep/api`, { value: 'deep-value' })
    await kvPut(`${base}/soft`, { value: 'kept' })
    await kvPut(`${base}/soft`, { value: 'soft-deleted' })
    await rawCall('DELETE', `secret/data/${base}/soft`) // soft-deletes version 2
    await kvPut(`${base}/destroyed`, { value: 'one' })
    await kvPut(`${base}/destroyed`, { value: 'two' })
    await rawCall('POST', `secret/destroy/${base}/destroyed`, { versions: [1] })
    await rawCall('POST', `secret/metadata/${base}/trimmed`, { max_versions: 3 })
    for (let i = 1; i <= 5; i++) await kvPut(`${base}/trimmed`, { value: `t${i}` })
  })

  it('reads a multi-field secret as the JSON of its data map, and one field through the resolver', async () => {
    const record = await backend.get(root, `${base}/db`)
    expect(JSON.parse(text(record?.payload))).toEqual({ user: 'app', password: 'pw-1' })
    const secrets = createSecrets({ backend, audit: () => {} })
    const config = await resolveConfig(
      { password: `\${SECRET:${base}/db#password}`, user: `secret:${base}/db#user` },
      { secrets: secrets.scope({}), accessor: 'test' },
    )
    expect(config).toEqual({ password: 'pw-1', user: 'app' })
  })

  it('reads nested paths by their own names with no prefix and the scope {}', async () => {
    const record = await backend.get(root, `${base}/nested/deep/api`)
    expect(text(record?.payload)).toBe('deep-value')
    expect(record?.version).toBe(1)
    const page = await backend.list(root, { prefix: `${base}/nested/`, limit: 10 })
    expect(page.items.map((i) => i.name)).toEqual([`${base}/nested/deep/api`])
  })

  it('reads a soft-deleted latest version as absent, never as an empty value', async () => {
    expect(await backend.get(root, `${base}/soft`)).toBeNull()
    expect(await backend.get(root, `${base}/soft`, 2)).toBeNull()
    expect(text((await backend.get(root, `${base}/soft`, 1))?.payload)).toBe('kept')
    expect((await backend.versions(root, `${base}/soft`)).map((v) => v.version)).toEqual([1])
    const [latest] = await backend.getMany(root, [{ name: `${base}/soft` }])
    expect(latest).toBeNull()
  })

  it('reads a destroyed version as absent and keeps the others', async () => {
    expect(await backend.get(root, `${base}/destroyed`, 1)).toBeNull()
    expect(text((await backend.get(root, `${base}/destroyed`))?.payload)).toBe('two')
    expect((await backend.versions(root, `${base}/destroyed`)).map((v) => v.version)).toEqual([2])
  })

  it('shows max_versions trimming in versions()', async () => {
    expect((await backend.versions(root, `${base}/trimmed`)).map((v) => v.version)).toEqual([
      5, 4, 3,
    ])
    expect(await backend.get(root, `${base}/trimmed`, 1)).toBeNull()
  })

  it('appends to a foreign secret with the next Vault version number', async () => {
    const info = await backend.put(root, `${base}/destroyed`, {
      payload: () => new TextEncoder().encode('three'),
      createdBy: 'test',
      previousExpiresAt: null,
      requestId: crypto.randomUUID(),
      ifVersion: 2,
    })
    expect(info.version).toBe(3)
  })
})
