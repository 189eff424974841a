/**
 * What every operation of the backend shares: the client, the parent
 * resource, the naming rules and the mode; `call`, which sends one RPC and
 * maps its failure; and the queue that runs writes to one secret one at a
 * time within this backend.
 * @module
 */
import { InvalidNameError, type PathNaming, type Scope } from '@secrets/core'
import type { SecretManagerClientLike } from './_client.js'
import { grpcCode, type Operation, rpcError } from './_rpc-errors.js'
import { encodeSecretId } from './secret-id.js'

/** GCP caps a secret id at 255 characters. */
export const MAX_SECRET_ID_LENGTH = 255

/** How `delete` removes a secret. */
export type GcpDeletion = 'delete' | 'destroy-versions'

/** Shared, frozen state of one backend (the write queue excepted). */
export interface BackendContext {
  readonly client: SecretManagerClientLike
  /** `projects/{project}` or `projects/{project}/locations/{location}`. */
  readonly parent: string
  readonly naming: PathNaming
  /** Where secrets this backend creates are replicated (regions, or automatic); undefined for regional secrets. */
  readonly replication: 'automatic' | readonly string[] | undefined
  /** Client-side encryption: payloads are the store's envelopes. */
  readonly envelope: boolean
  readonly deletion: GcpDeletion
  /** RPCs in flight at once for `getMany`, listings and deletes. */
  readonly concurrency: number
  /** The backend's name, for messages. */
  readonly label: string
  /** Per secret id, the settling of the last write queued in this backend. */
  readonly writes: Map<string, Promise<void>>
}

/** The resource name of a secret. */
export function secretName(ctx: BackendContext, id: string): string {
  return `${ctx.parent}/secrets/${id}`
}

/** The resource name of a version (a number or the `latest` alias). */
export function versionName(ctx: BackendContext, id: string, version: number | 'latest'): string {
  return `${secretName(ctx, id)}/versions/${version}`
}

/**
 * The secret id of (scope, name): the core's path, encoded into GCP's id alphabet.
 * @throws {InvalidNameError} for a bad name or an id over 255 characters
 * @throws {InvalidScopeError} when the scope does not fit the template
 */
export function secretIdOf(ctx: BackendContext, scope: Scope, name: string): string {
  const id = encodeSecretId(ctx.naming.path(scope, name))
  if (id.length > MAX_SECRET_ID_LENGTH) {
    throw new InvalidNameError(
      `Secret name ${JSON.stringify(name.slice(0, 64))} gives a GCP secret id of ${id.length} characters in this scope; GCP allows ${MAX_SECRET_ID_LENGTH} (each character but A-Z a-z 0-9 _ - takes 4)`,
    )
  }
  return id
}

/** A call that failed with one of the codes its caller handles. */
export class Refused {
  constructor(readonly code: number) {}
}

/**
 * Sends one RPC.
 * @param target the resource it is about, for messages
 * @param handled gRPC codes the caller handles: they resolve to a {@link Refused}
 * @throws {BackendError} for any other failure
 */
export async function call<T>(
  ctx: BackendContext,
  operation: Operation,
  target: string,
  send: () => Promise<T>,
): Promise<T>
export async function call<T>(
  ctx: BackendContext,
  operation: Operation,
  target: string,
  send: () => Promise<T>,
  handled: readonly number[],
): Promise<T | Refused>
export async function call<T>(
  ctx: BackendContext,
  operation: Operation,
  target: string,
  send: () => Promise<T>,
  handled: readonly number[] = [],
): Promise<T | Refused> {
  try {
    return await send()
  } catch (error) {
    const code = grpcCode(error)
    if (code !== undefined && handled.includes(code)) return new Refused(code)
    throw rpcError(ctx.label, operation, target, error)
  }
}

/**
 * Runs `write` once every write queued before it for the same secret in this
 * backend has settled: one process never races itself for a version number.
 */
export async function queueWrite<T>(
  ctx: BackendContext,
  id: string,
  write: () => Promise<T>,
): Promise<T> {
  const before = ctx.writes.get(id) ?? Promise.resolve()
  const run = before.then(write)
  const settled = run.then(
    () => undefined,
    () => undefined,
  )
  ctx.writes.set(id, settled)
  try {
    return await run
  } finally {
    if (ctx.writes.get(id) === settled) ctx.writes.delete(id)
  }
}
