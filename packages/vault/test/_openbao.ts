/**
 * The OpenBao dev server the integration suites run against, started by
 * scripts/services.sh (`eval "$(scripts/services.sh up vault)"` exports
 * SECRETS_TEST_VAULT_ADDR and SECRETS_TEST_VAULT_TOKEN). Without it the
 * suites are skipped with a message; in CI a missing server fails the run.
 *
 * `raw*` helpers read storage around the backend, straight over HTTP.
 * @module
 */
import { randomUUID } from 'node:crypto'
import vault from 'node-vault'
import type { VaultClientLike } from '../src/index.js'

/** The server address, when configured. */
export const address = process.env.SECRETS_TEST_VAULT_ADDR
/** The dev server's root token, when configured. */
export const rootToken = process.env.SECRETS_TEST_VAULT_TOKEN ?? ''

let told = false

/**
 * Whether the OpenBao suites must be skipped: true (with one message) when the server is not set.
 * @throws in CI when it is not set: the suites must run there
 */
export function skipWithoutVault(): boolean {
  if (address && rootToken) return false
  if (process.env.CI) {
    throw new Error(
      'SECRETS_TEST_VAULT_ADDR and SECRETS_TEST_VAULT_TOKEN must be set in CI: the Vault suites cannot be skipped there',
    )
  }
  if (!told) {
    told = true
    console.log(
      '[@secrets/vault] OpenBao suites skipped: SECRETS_TEST_VAULT_ADDR is not set (eval "$(scripts/services.sh up vault)" starts it)',
    )
  }
  return true
}

/** A node-vault client for the test server (root token unless given another). */
export function testClient(token = rootToken): VaultClientLike & ReturnType<typeof vault> {
  return vault({ endpoint: address ?? 'http://127.0.0.1:9', token })
}

/** A prefix no other test run uses. */
export function uniquePrefix(label: string): string {
  return `test-${label}-${randomUUID().slice(0, 8)}`
}

/** The parts of Vault response bodies the tests read. */
export interface VaultBody {
  data?: {
    keys?: string[]
    custom_metadata?: Record<string, string> | null
    versions?: Record<string, { deletion_time?: string; destroyed?: boolean }>
    data?: Record<string, unknown> | null
    metadata?: Record<string, unknown>
    current_version?: number
    [key: string]: unknown
  }
  errors?: string[]
}

/** A raw HTTP call to the server with the root token; resolves with status and JSON body. */
export async function rawCall(
  method: string,
  path: string,
  body?: unknown,
  token = rootToken,
): Promise<{ status: number; body: VaultBody | null }> {
  const response = await fetch(`${address}/v1/${path}`, {
    method,
    headers: {
      'X-Vault-Token': token,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : null }
}

/** Every key path under `folder` of a mount, recursively. */
export async function rawKeys(mount: string, folder: string): Promise<string[]> {
  const { status, body } = await rawCall('LIST', `${mount}/metadata/${folder}`)
  if (status === 404) return []
  const out: string[] = []
  for (const key of body?.data?.keys ?? []) {
    if (key.endsWith('/')) out.push(...(await rawKeys(mount, folder + key)))
    else out.push(folder + key)
  }
  return out
}

/**
 * Everything stored under a folder, read around the backend: each key's
 * path, custom metadata and every version's data fields.
 */
export async function rawStorage(mount: string, folder: string) {
  const stored: string[] = []
  const metadata: string[] = []
  for (const path of await rawKeys(mount, folder)) {
    metadata.push(path)
    const meta = await rawCall('GET', `${mount}/metadata/${path}`)
    for (const [key, value] of Object.entries(meta.body?.data?.custom_metadata ?? {})) {
      metadata.push(key, String(value))
    }
    for (const version of Object.keys(meta.body?.data?.versions ?? {})) {
      const data = await rawCall('GET', `${mount}/data/${path}?version=${version}`)
      for (const value of Object.values(data.body?.data?.data ?? {})) stored.push(String(value))
    }
  }
  return { stored: [...stored, ...metadata], metadata }
}

/** Deletes every key under a folder. */
export async function deleteAll(mount: string, folder: string): Promise<void> {
  for (const path of await rawKeys(mount, folder)) {
    await rawCall('DELETE', `${mount}/metadata/${path}`)
  }
}

/**
 * Mounts a KV engine at `path` (version 2 unless asked otherwise) if it is
 * not there yet, and waits until it accepts requests (a new KV v2 mount
 * upgrades itself for a moment first).
 * @param maxVersions the mount's `max_versions` (KV v2 only; Vault's default is 10)
 */
export async function ensureMount(
  path: string,
  options: { version?: 1 | 2; maxVersions?: number } = {},
): Promise<void> {
  const version = options.version ?? 2
  const mounted = await rawCall('POST', `sys/mounts/${path}`, {
    type: 'kv',
    options: { version: String(version) },
  })
  if (mounted.status >= 400 && !JSON.stringify(mounted.body).includes('already in use')) {
    throw new Error(`mounting ${path} failed: HTTP ${mounted.status}`)
  }
  if (version === 1) return
  for (let i = 0; ; i++) {
    const config = await rawCall('POST', `${path}/config`, {
      max_versions: options.maxVersions ?? 0,
    })
    if (config.status < 400) return
    if (i >= 100) throw new Error(`${path} did not become ready: HTTP ${config.status}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
