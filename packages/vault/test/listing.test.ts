import { toScope } from '@secrets/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { vaultBackend } from '../src/index.js'
import { rawCall, skipWithoutVault, testClient, uniquePrefix } from './_openbao.js'

const scope = toScope({ tenant: 'acme' })
const NAMES = ['a', 'a-b', 'a.b', 'a/x', 'a/y/z', 'a0', 'b/c/d/e', 'db/password', 'db/user', 'z']

describe.skipIf(skipWithoutVault())('list over folders (OpenBao)', () => {
  const prefix = uniquePrefix('list')
  const backend = vaultBackend({ client: testClient(), prefix, concurrency: 4 })

  beforeAll(async () => {
    for (const name of NAMES) {
      await backend.put(scope, name, {
        payload: () => new TextEncoder().encode(`v-${name}`),
        createdBy: 'test',
        description: `about ${name}`,
        previousExpiresAt: null,
        requestId: crypto.randomUUID(),
      })
    }
    // A key another scope owns, and a key no secret name can be: neither is listed.
    await rawCall('POST', `secret/data/${prefix}/tenant=other/a`, { data: { value: 'x' } })
  })

  it('walks folders depth first in byte order, page by page', async () => {
    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await backend.list(scope, { limit: 3, ...(cursor ? { cursor } : {}) })
      seen.push(...page.items.map((i) => i.name))
      cursor = page.cursor ?? undefined
      pages++
    } while (cursor)
    expect(seen).toEqual([...NAMES].sort())
    expect(pages).toBe(4)
  })

  it('filters by prefix inside folders and carries summaries', async () => {
    const page = await backend.list(scope, { prefix: 'db/p', limit: 10 })
    expect(page.items).toHaveLength(1)
    expect(page.items[0]).toMatchObject({
      name: 'db/password',
      version: 1,
      description: 'about db/password',
      updatedBy: 'test',
    })
    expect(page.cursor).toBeNull()
    expect(
      (await backend.list(scope, { prefix: 'a/', limit: 10 })).items.map((i) => i.name),
    ).toEqual(['a/x', 'a/y/z'])
  })

  it('does not list a name whose latest version is soft-deleted', async () => {
    await rawCall('DELETE', `secret/data/${prefix}/tenant=acme/z`)
    const names = (await backend.list(scope, { limit: 100 })).items.map((i) => i.name)
    expect(names).not.toContain('z')
  })
})
