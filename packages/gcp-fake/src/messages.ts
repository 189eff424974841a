/**
 * The wire shapes of the messages the fake reads and writes, as @grpc/proto-loader gives
 * them with `keepCase`, `longs: String`, `enums: String`, `defaults` and `oneofs`: absent
 * sub-messages are `null`, int64 are strings, maps are plain objects.
 */

/** `google.protobuf.Timestamp`. */
export interface Timestamp {
  seconds: string
  nanos: number
}

/** `google.protobuf.Duration`. */
export interface Duration {
  seconds: string
  nanos: number
}

/** `CustomerManagedEncryption`; stored and returned as given. */
export interface Cmek {
  kms_key_name: string
}

/** `Replication`, with its `replication` oneof discriminator. */
export interface Replication {
  automatic?: { customer_managed_encryption: Cmek | null } | null
  user_managed?: {
    replicas: { location: string; customer_managed_encryption: Cmek | null }[]
  } | null
  replication?: 'automatic' | 'user_managed'
}

/** `Rotation`; stored and returned as given. */
export interface Rotation {
  next_rotation_time: Timestamp | null
  rotation_period: Duration | null
}

/** `Secret` as it arrives in CreateSecret and UpdateSecret. */
export interface SecretIn {
  name: string
  replication: Replication | null
  labels: Record<string, string>
  annotations: Record<string, string>
  version_aliases: Record<string, string>
  topics: { name: string }[]
  rotation: Rotation | null
  expire_time?: Timestamp | null
  ttl?: Duration | null
  etag: string
  version_destroy_ttl: Duration | null
  customer_managed_encryption: Cmek | null
}

/** `SecretPayload`; `_data_crc32c` is set when the optional `data_crc32c` was sent. */
export interface PayloadIn {
  data: Buffer
  data_crc32c?: string
  _data_crc32c?: 'data_crc32c'
}

/** Requests, by RPC. */
export interface CreateSecretRequest {
  parent: string
  secret_id: string
  secret: SecretIn | null
}
export interface NameRequest {
  name: string
}
export interface EtagNameRequest {
  name: string
  etag: string
}
export interface UpdateSecretRequest {
  secret: SecretIn | null
  update_mask: { paths: string[] } | null
}
export interface ListRequest {
  parent: string
  page_size: number
  page_token: string
  filter: string
}
export interface AddSecretVersionRequest {
  parent: string
  payload: PayloadIn | null
}
