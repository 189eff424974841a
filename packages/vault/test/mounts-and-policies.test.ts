import { BackendError, ConflictError, toScope } from '@secrets/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { vaultBackend } from '../src/index.js'
import {
  ensureMount,
  rawCall,
  rootToken,
  skipWithoutVault,
  testClient,
  uniquePrefix,
} from './_openbao.js'

const scope = toScope({ tenant: 'acme' })
const VALUE = 'policy-test-value-7f3a'
const input = (extra: { ifVersion?: number } = {}) => ({
  payload: () => new TextEncoder().encode(VALUE),
  createdBy: 'test',
  previousExpiresAt: null,
  requestId: crypto.randomUUID(),
  ...extra,
})

/** Everything an error shows: message, cause, and their JSON. */
const shown = (error: unknown) => {
  const e = error as Error & { cause?: Error }
  return [e.message, e.cause?.message, JSON.stringify(e), JSON.stringify(e.cause)].join('\n')
}

describe.skipIf(skipWithoutVault())('mounts, policies and deletion modes (OpenBao)', () => {
  beforeAll(async () => {
    await ensureMount('kv-one', { version: 1 })
    await ensureMount('kv-cas')
    await rawCall('POST', 'kv-cas/config', { cas_required: true })
  })

  it('refuses a KV version 1 mount at the first call, naming the mount and the fix', async () => {
    const backend = vaultBackend({ client: testClient(), mount: 'kv-one' })
    const failure = backend.get(scope, 'K')
    await expect(failure).rejects.toThrow(BackendError)
    await expect(failure).rejects.toThrow(/"kv-one\/" is KV version 1.*kv enable-versioning kv-one/)
  })

  it('refuses a missing mount, saying how to enable KV v2 there', async () => {
    const backend = vaultBackend({ client: testClient(), mount: 'no-such-mount' })
    await expect(backend.list(scope, { limit: 10 })).rejects.toThrow(
      /no secrets engine at "no-such-mount\/".*secrets enable -path=no-such-mount kv-v2/,
    )
  })

  it('works on a mount with cas_required', async () => {
    const backend = vaultBackend({
      client: testClient(),
      mount: 'kv-cas',
      prefix: uniquePrefix('cas'),
    })
    expect((await backend.put(scope, 'K', input())).version).toBe(1)
    expect((await backend.put(scope, 'K', input())).version).toBe(2)
    expect((await backend.put(scope, 'K', input({ ifVersion: 2 }))).version).toBe(3)
    await expect(backend.put(scope, 'K', input({ ifVersion: 2 }))).rejects.toThrow(ConflictError)
  })

  it('names the path and capability a token without the policy lacks, never the token or a value', async () => {
    const prefix = uniquePrefix('policy')
    await rawCall('PUT', 'sys/policies/acl/read-only-test', {
      policy: `path "secret/data/${prefix}/*" { capabilities = ["read"] }\npath "secret/metadata/${prefix}/*" { capabilities = ["read", "list"] }`,
    })
    const created = await rawCall('POST', 'auth/token/create', {
      policies: ['read-only-test'],
      ttl: '10m',
    })
    const token = created.body?.data?.auth as { client_token: string } | undefined
    const limited = created.body as { auth?: { client_token?: string } }
    const readOnlyToken = limited.auth?.client_token ?? token?.client_token
    expect(readOnlyToken).toBeTruthy()
    const backend = vaultBackend({ client: testClient(readOnlyToken), prefix })
    const error = await backend.put(scope, 'K', input()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BackendError)
    expect((error as Error).message).toMatch(
      new RegExp(
        `permission denied; the token's policy needs "create" on "secret/data/${prefix}/tenant=acme/K"`,
      ),
    )
    for (const secret of [readOnlyToken!, rootToken, VALUE])
      expect(shown(error)).not.toContain(secret)
  })

  it('soft-deletes only the latest version with deletion: "soft"', async () => {
    const prefix = uniquePrefix('soft')
    const backend = vaultBackend({ client: testClient(), prefix, deletion: 'soft' })
    await backend.put(scope, 'K', input())
    await backend.put(scope, 'K', input())
    expect(await backend.delete(scope, 'K')).toBe(true)
    expect(await backend.get(scope, 'K')).toBeNull()
    expect((await backend.versions(scope, 'K')).map((v) => v.version)).toEqual([1])
    expect(await backend.get(scope, 'K', 1)).not.toBeNull()
    expect(await backend.delete(scope, 'K')).toBe(false) // the latest is already deleted
    // Vault's undelete brings it back.
    await rawCall('POST', `secret/undelete/${prefix}/tenant=acme/K`, { versions: [2] })
    expect((await backend.get(scope, 'K'))?.version).toBe(2)
  })

  it('destroys the whole key by default', async () => {
    const prefix = uniquePrefix('destroy')
    const backend = vaultBackend({ client: testClient(), prefix })
    await backend.put(scope, 'K', input())
    expect(await backend.delete(scope, 'K')).toBe(true)
    expect((await rawCall('GET', `secret/metadata/${prefix}/tenant=acme/K`)).status).toBe(404)
    expect(await backend.delete(scope, 'K')).toBe(false)
  })
})
