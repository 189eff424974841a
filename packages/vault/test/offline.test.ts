/** What needs no server: option checks, error mapping, value and metadata encoding, fromEnv. */
import { BackendError, InvalidArgumentError, InvalidValueError, toScope } from '@secrets/core'
import { describe, expect, it } from 'vitest'
import { payloadOf } from '../src/_values.js'
import { type VaultClientLike, vaultBackend, vaultBackendFromEnv } from '../src/index.js'

const TOKEN = 'hvs.offline-token-4c1d'
const VALUE = 'offline-secret-value-93ab'
const scope = toScope({ tenant: 'acme' })
const bytes = (text: string) => new TextEncoder().encode(text)

/** A client whose requests fail the way axios fails: with the request (URL, body, token) attached. */
const failingClient = (): VaultClientLike => ({
  request: async (options) => {
    throw Object.assign(new Error(`connect ECONNREFUSED (body ${JSON.stringify(options.json)})`), {
      code: 'ECONNREFUSED',
      config: { headers: { 'X-Vault-Token': TOKEN }, data: JSON.stringify(options.json) },
    })
  },
})

describe('vaultBackend without a server', () => {
  it('rejects bad options with a message that says how to fix them', () => {
    const client = failingClient()
    expect(() => vaultBackend({} as never)).toThrow(/pass client: vault/)
    expect(() => vaultBackend({ client, mount: '/secret/' })).toThrow(InvalidArgumentError)
    expect(() => vaultBackend({ client, mount: 'a/../b' })).toThrow(InvalidArgumentError)
    expect(() => vaultBackend({ client, deletion: 'hard' as never })).toThrow(/destroy.*soft/)
    expect(() => vaultBackend({ client, concurrency: 0 })).toThrow(/1 to 256/)
    expect(() => vaultBackend({ client, nameTemplate: '{name}/x' })).toThrow(/end with \{name\}/)
    expect(() => vaultBackend({ client, prefix: 'a//b' })).toThrow(InvalidArgumentError)
  })

  it('maps a network failure to BackendError without the token, the value or the request', async () => {
    const backend = vaultBackend({ client: failingClient() })
    const error = await backend
      .put(scope, 'K', {
        payload: () => bytes(VALUE),
        createdBy: null,
        previousExpiresAt: null,
        requestId: 'r1',
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BackendError)
    const cause = (error as Error).cause as Error & { code?: string }
    expect(cause.message).toBe('The request to Vault failed: ECONNREFUSED')
    const shown = [String(error), (error as Error).message, JSON.stringify(error), String(cause)]
    for (const text of shown) {
      expect(text).not.toContain(TOKEN)
      expect(text).not.toContain(VALUE)
    }
  })

  it("maps throttling and server errors to BackendError with Vault's words only", async () => {
    const answering = (statusCode: number, errors: string[]): VaultClientLike => ({
      request: async (options) => {
        if (options.path.startsWith('/sys/internal/ui/mounts/')) {
          return { data: { type: 'kv', options: { version: '2' } } }
        }
        throw Object.assign(new Error(errors[0]), {
          response: { statusCode, body: { errors } },
          config: { headers: { 'X-Vault-Token': TOKEN } },
        })
      },
    })
    const throttled = vaultBackend({ client: answering(429, ['rate limit quota exceeded']) })
    await expect(throttled.get(scope, 'K')).rejects.toThrow(/throttling requests \(HTTP 429\)/)
    const sealed = vaultBackend({ client: answering(503, ['Vault is sealed']) })
    const error = await sealed.get(scope, 'K').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BackendError)
    expect((error as Error).message).toMatch(/HTTP 503; Vault may be sealed/)
    expect(((error as Error).cause as Error).message).toBe('Vault is sealed')
    expect(JSON.stringify(error) + String((error as Error).cause)).not.toContain(TOKEN)
  })

  it('checks input before any request', async () => {
    let requests = 0
    const client: VaultClientLike = { request: async () => void requests++ }
    const backend = vaultBackend({ client })
    const base = { createdBy: null, previousExpiresAt: null, requestId: 'r' }
    await expect(
      backend.put(scope, 'K', { ...base, payload: () => new Uint8Array([0xff, 0xfe]) }),
    ).rejects.toThrow(InvalidValueError)
    await expect(
      backend.put(scope, 'K', { ...base, payload: () => bytes('v'), description: 'd'.repeat(600) }),
    ).rejects.toThrow(/512 bytes/)
    await expect(backend.get(scope, 'bad name')).rejects.toThrow(/invalid/)
    await expect(backend.getMany(scope, [{ name: 'K', version: 0 }])).rejects.toThrow(
      InvalidArgumentError,
    )
    expect(requests).toBe(0)
  })

  it('reads { value } as the value, other data maps as JSON, and envelopes only from { envelope }', () => {
    const text = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b))
    expect(text(payloadOf({ value: 'v' }, false))).toBe('v')
    expect(text(payloadOf({ value: '' }, false))).toBe('')
    expect(text(payloadOf({ user: 'u', password: 'p' }, false))).toBe('{"user":"u","password":"p"}')
    expect(text(payloadOf({ value: 3 }, false))).toBe('{"value":3}')
    expect(payloadOf({ envelope: 'AAEC' }, true)).toEqual(new Uint8Array([0, 1, 2]))
    expect(() => payloadOf({ value: 'v' }, true)).toThrow(InvalidValueError)
    expect(() => payloadOf({ envelope: 'not base64!' }, true)).toThrow(InvalidValueError)
    expect(payloadOf(null, false)).toBeNull()
  })
})

describe('vaultBackendFromEnv', () => {
  const env = { VAULT_ADDR: 'http://127.0.0.1:8200', VAULT_TOKEN: TOKEN }

  it('needs VAULT_ADDR and VAULT_TOKEN, naming them and never the token', async () => {
    await expect(vaultBackendFromEnv({})).rejects.toThrow(/VAULT_ADDR is not set/)
    await expect(vaultBackendFromEnv({ VAULT_ADDR: env.VAULT_ADDR })).rejects.toThrow(
      /VAULT_TOKEN is not set/,
    )
    await expect(vaultBackendFromEnv({ ...env, VAULT_ADDR: 'vault:8200' })).rejects.toThrow(
      /VAULT_ADDR must be a URL/,
    )
  })

  it('accepts the seed spellings as aliases and refuses two that disagree', async () => {
    const opened = await vaultBackendFromEnv({
      ...env,
      VAULT_MOUNT: 'kv',
      VAULT_PATH_PREFIX: '/app/',
    })
    expect(opened.backend.name).toBe('vault')
    await opened.close()
    await expect(
      vaultBackendFromEnv({ ...env, VAULT_MOUNT: 'kv', SECRETS_VAULT_MOUNT: 'other' }),
    ).rejects.toThrow(/SECRETS_VAULT_MOUNT and VAULT_MOUNT are both set and disagree/)
    await expect(
      vaultBackendFromEnv({ ...env, SECRETS_VAULT_CLIENT_SIDE_ENCRYPTION: 'yes' }),
    ).rejects.toThrow(/must be 1 or 0/)
  })

  it('opens client-side mode when asked', async () => {
    const opened = await vaultBackendFromEnv({ ...env, SECRETS_VAULT_CLIENT_SIDE_ENCRYPTION: '1' })
    expect(opened.backend.capabilities.envelope).toBe(true)
  })
})
