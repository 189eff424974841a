/**
 * What every operation of the backend shares: the client, the naming rules,
 * the mode, and `call`, which sends one request and maps its failure. The
 * first call checks, once, that the mount is KV version 2.
 * @module
 */
import { BackendError, type PathNaming } from '@secrets/core'
import { backendError, type VaultFailure, vaultFailure } from './_vault-errors.js'

/** One request as node-vault's `request` takes it. */
export interface VaultRequest {
  /** The path after `/v1`, starting with `/`, with any query string. */
  path: string
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'LIST'
  json?: unknown
  headers?: Record<string, string>
}

/** The part of a node-vault client this backend uses. */
export interface VaultClientLike {
  /** Sends a request with the client's token and namespace; resolves with the JSON body. */
  request(options: VaultRequest): Promise<unknown>
}

/** Shared, frozen state of one backend. */
export interface BackendContext {
  readonly client: VaultClientLike
  readonly mount: string
  readonly naming: PathNaming
  /** Client-side encryption: payloads are envelopes, kept base64 in the `envelope` field. */
  readonly envelope: boolean
  readonly deletion: 'destroy' | 'soft'
  readonly concurrency: number
  /** The backend's name, for messages. */
  readonly label: string
  /** Resolves once the mount is known to be KV v2 (checked on first use). */
  readonly ready: () => Promise<void>
}

/** What a request needs from the token's policy, for the 403 message. */
export type Needs = 'read' | 'create' | 'update' | 'list' | 'delete' | 'patch'

/**
 * Sends one request.
 * @param area `data` or `metadata` (the KV v2 API a path is under)
 * @param needs the capability a 403 names
 * @returns the JSON body, or null when Vault answers 404 and `notFound` is 'null'
 * @throws {BackendError} for any other failure
 */
export async function call<T>(
  ctx: BackendContext,
  request: VaultRequest,
  what: { area: 'data' | 'metadata'; path: string; needs: Needs },
  onFailure?: (failure: VaultFailure) => T | undefined,
): Promise<T> {
  await ctx.ready()
  try {
    return (await ctx.client.request({ ...request })) as T
  } catch (error) {
    const failure = vaultFailure(error)
    const handled = onFailure?.(failure)
    if (handled !== undefined) return handled
    const full = `${ctx.mount}/${what.area}/${what.path}`
    throw backendError(ctx.label, `${request.method} "${full}"`, failure, {
      capability: what.needs,
      path: full,
    })
  }
}

/**
 * Checks once that `mount` is a KV version 2 mount, through
 * `sys/internal/ui/mounts/<mount>` (the call the `vault kv` command makes:
 * any token with a capability under the mount may make it). A failed check
 * is retried on the next call; a wrong mount stays an error.
 */
export function mountCheck(
  client: VaultClientLike,
  mount: string,
  label: string,
): () => Promise<void> {
  let checked: Promise<void> | undefined
  const enable = `enable it with: bao secrets enable -path=${mount} kv-v2 (or vault secrets enable -path=${mount} kv-v2)`
  async function check(): Promise<void> {
    let body: { data?: { type?: unknown; options?: { version?: unknown } | null } }
    try {
      body = (await client.request({
        path: `/sys/internal/ui/mounts/${mount}`,
        method: 'GET',
      })) as typeof body
    } catch (error) {
      const failure = vaultFailure(error)
      if (failure.status === 404 || (failure.status === 400 && failure.errors.length > 0)) {
        throw new BackendError(`${label}: there is no secrets engine at "${mount}/"; ${enable}`, {
          cause: failure.cause,
        })
      }
      // Vault answers 403 both for a path no mount serves and for a token without any
      // capability under the mount: it does not tell which.
      if (failure.status === 403) {
        throw new BackendError(
          `${label}: there is no secrets engine at "${mount}/" that this token may use: ${enable}; or, if it exists, grant the token's policy capabilities on "${mount}/data/*" and "${mount}/metadata/*"`,
          { cause: failure.cause },
        )
      }
      throw backendError(label, `checking the mount "${mount}/"`, failure)
    }
    const type = body?.data?.type
    const version = body?.data?.options?.version
    if (type !== 'kv' || String(version) !== '2') {
      const found =
        type === 'kv' ? `KV version ${String(version ?? 1)}` : `a "${String(type)}" engine`
      throw new BackendError(
        `${label}: "${mount}/" is ${found}, and this backend needs KV version 2; ${type === 'kv' ? `upgrade it with: vault kv enable-versioning ${mount}/ (or mount another path)` : enable}`,
      )
    }
  }
  return () => {
    checked ??= check().catch((error: unknown) => {
      checked = undefined
      throw error
    })
    return checked
  }
}
