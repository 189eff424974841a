/**
 * The part of `SecretManagerServiceClient` (`@google-cloud/secret-manager`
 * 6 and 7) this backend calls, typed structurally so that any client with
 * these methods fits, and the conversions of what it returns (timestamps,
 * version names, enum states, int64 checksums).
 * @module
 */

/** A protobuf `Timestamp` as the client returns it (`seconds` is an int64: number, string or Long). */
export interface TimestampLike {
  seconds?: unknown
  nanos?: number | null
}

/** The fields of a `Secret` this backend reads. */
export interface SecretMessage {
  name?: string | null
  etag?: string | null
  createTime?: TimestampLike | null
  labels?: { [key: string]: string } | null
  annotations?: { [key: string]: string } | null
}

/** The fields of a `SecretVersion` this backend reads. */
export interface SecretVersionMessage {
  name?: string | null
  createTime?: TimestampLike | null
  /** `'ENABLED'`, `'DISABLED'`, `'DESTROYED'` (or the enum's number). */
  state?: unknown
}

/** An `AccessSecretVersionResponse`. */
export interface AccessResponse {
  name?: string | null
  payload?: {
    data?: Uint8Array | string | null
    /** An int64: number, string or Long. */
    dataCrc32c?: unknown
  } | null
}

/** A `Replication` policy as CreateSecret takes it. */
export type ReplicationInput =
  | { automatic: Record<string, never> }
  | { userManaged: { replicas: Array<{ location: string }> } }

/** What CreateSecret and UpdateSecret send of a `Secret`. */
export interface SecretInput {
  name?: string
  etag?: string
  replication?: ReplicationInput
  labels?: Record<string, string>
  annotations?: Record<string, string>
}

/** The page options of the paged list calls: one page per call. */
export interface PageOptions {
  autoPaginate: false
}

/** A paged list answer: the items, the next request, and the raw response with its token. */
export type PagedResponse<T> = [
  T[],
  unknown,
  { nextPageToken?: string | null } | null | undefined,
  ...unknown[],
]

/**
 * The methods of `SecretManagerServiceClient` this backend calls. A client
 * built by `new SecretManagerServiceClient(options)` fits; so does a wrapper
 * of your own with the same methods (for tracing or tests).
 */
export interface SecretManagerClientLike {
  getSecret(request: { name: string }): Promise<[SecretMessage, ...unknown[]]>
  createSecret(request: {
    parent: string
    secretId: string
    secret: SecretInput
  }): Promise<[SecretMessage, ...unknown[]]>
  updateSecret(request: {
    secret: SecretInput
    updateMask: { paths: string[] }
  }): Promise<[SecretMessage, ...unknown[]]>
  deleteSecret(request: { name: string }): Promise<unknown>
  listSecrets(
    request: { parent: string; filter?: string; pageSize: number; pageToken?: string },
    options: PageOptions,
  ): Promise<PagedResponse<SecretMessage>>
  addSecretVersion(request: {
    parent: string
    payload: { data: Uint8Array; dataCrc32c: number }
  }): Promise<[SecretVersionMessage, ...unknown[]]>
  accessSecretVersion(request: { name: string }): Promise<[AccessResponse, ...unknown[]]>
  listSecretVersions(
    request: { parent: string; filter?: string; pageSize: number; pageToken?: string },
    options: PageOptions,
  ): Promise<PagedResponse<SecretVersionMessage>>
  disableSecretVersion(request: { name: string }): Promise<unknown>
  destroySecretVersion(request: { name: string }): Promise<unknown>
}

const VERSION_NAME = /\/versions\/([1-9][0-9]{0,15})$/

/**
 * The number at the end of a version's resource name.
 * @returns the number, or null for a name that does not end in `/versions/<n>`
 */
export function versionNumberOf(name: string | null | undefined): number | null {
  const digits = name ? VERSION_NAME.exec(name)?.[1] : undefined
  const n = Number(digits)
  return digits !== undefined && Number.isSafeInteger(n) ? n : null
}

/** A protobuf timestamp as a Date; the epoch when absent or malformed. */
export function dateOf(timestamp: TimestampLike | null | undefined): Date {
  const seconds = Number(String(timestamp?.seconds ?? Number.NaN))
  const ms = seconds * 1000 + Math.floor((timestamp?.nanos ?? 0) / 1e6)
  return Number.isFinite(ms) ? new Date(ms) : new Date(0)
}

/** Whether a version's state is ENABLED (the enum's name, or its number 1). */
export function isEnabled(version: SecretVersionMessage): boolean {
  return version.state === 'ENABLED' || version.state === 1
}

/** Whether a version's state is DESTROYED (the enum's name, or its number 3). */
export function isDestroyed(version: SecretVersionMessage): boolean {
  return version.state === 'DESTROYED' || version.state === 3
}
