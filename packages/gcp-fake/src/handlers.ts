import type {
  AddSecretVersionRequest,
  CreateSecretRequest,
  EtagNameRequest,
  ListRequest,
  NameRequest,
  UpdateSecretRequest,
} from './messages.js'
import {
  createSecret,
  deleteSecret,
  getSecret,
  listSecrets,
  secretMessage,
  updateSecret,
} from './secrets.js'
import type { SecretStore } from './store.js'
import { accessVersion, addVersion, getVersion, listVersions, setVersionState } from './versions.js'

/** Per-server settings the handlers read. */
export interface HandlerContext {
  store: SecretStore
  /** Page size when a List request leaves page_size at 0. */
  defaultPageSize: number
}

/** A unary RPC's body: synchronous, so each read-modify-write of the store is atomic. */
export type Handler = (ctx: HandlerContext, request: unknown) => unknown

/** The RPCs the fake implements, by method name; every other method is UNIMPLEMENTED. */
export const HANDLERS: Record<string, Handler> = {
  CreateSecret: (ctx, req) => secretMessage(createSecret(ctx.store, req as CreateSecretRequest)),
  GetSecret: (ctx, req) => secretMessage(getSecret(ctx.store, (req as NameRequest).name)),
  UpdateSecret: (ctx, req) => secretMessage(updateSecret(ctx.store, req as UpdateSecretRequest)),
  DeleteSecret: (ctx, req) => {
    deleteSecret(ctx.store, req as EtagNameRequest)
    return {}
  },
  ListSecrets: (ctx, req) => listSecrets(ctx.store, req as ListRequest, ctx.defaultPageSize),
  AddSecretVersion: (ctx, req) => addVersion(ctx.store, req as AddSecretVersionRequest),
  GetSecretVersion: (ctx, req) => getVersion(ctx.store, (req as NameRequest).name),
  AccessSecretVersion: (ctx, req) => accessVersion(ctx.store, (req as NameRequest).name),
  ListSecretVersions: (ctx, req) =>
    listVersions(ctx.store, req as ListRequest, ctx.defaultPageSize),
  EnableSecretVersion: (ctx, req) => setVersionState(ctx.store, req as EtagNameRequest, 'ENABLED'),
  DisableSecretVersion: (ctx, req) =>
    setVersionState(ctx.store, req as EtagNameRequest, 'DISABLED'),
  DestroySecretVersion: (ctx, req) =>
    setVersionState(ctx.store, req as EtagNameRequest, 'DESTROYED'),
}
