import { notFound } from './errors.js'
import type { Cmek, Duration, Replication, Rotation, Timestamp } from './messages.js'
import type { SecretName } from './names.js'

/** Version states, as the `SecretVersion.State` enum names them. */
export type VersionState = 'ENABLED' | 'DISABLED' | 'DESTROYED'

/** A secret version as the fake keeps it. */
export interface StoredVersion {
  number: number
  createTime: Timestamp
  destroyTime: Timestamp | null
  state: VersionState
  /** The payload; null once destroyed. */
  data: Buffer | null
  crc32c: number
  clientSpecifiedChecksum: boolean
  etag: string
}

/** A secret as the fake keeps it. */
export interface StoredSecret {
  name: SecretName
  createTime: Timestamp
  replication: Replication | null
  labels: Record<string, string>
  annotations: Record<string, string>
  versionAliases: Record<string, number>
  topics: { name: string }[]
  rotation: Rotation | null
  expireTime: Timestamp | null
  versionDestroyTtl: Duration | null
  customerManagedEncryption: Cmek | null
  etag: string
  /** Versions in number order: `versions[n - 1]` is version n. Never shrinks. */
  versions: StoredVersion[]
}

/** Milliseconds since the epoch of a Timestamp. */
export const timestampMs = (t: Timestamp): number => Number(t.seconds) * 1000 + t.nanos / 1e6

/** A Timestamp `plus` (a Duration) later than `base`. */
export function addDuration(base: Timestamp, plus: Duration): Timestamp {
  const nanos = base.nanos + plus.nanos
  const seconds = Number(base.seconds) + Number(plus.seconds) + Math.floor(nanos / 1e9)
  return { seconds: String(seconds), nanos: nanos % 1e9 }
}

/** All the fake's state: secrets by resource name. Every RPC reads and writes it synchronously. */
export class SecretStore {
  readonly secrets = new Map<string, StoredSecret>()
  private etagSeq = 0
  private lastNanos = 0n

  /** The current time, strictly increasing from call to call so create_time orders resources. */
  now(): Timestamp {
    let nanos = BigInt(Date.now()) * 1_000_000n
    if (nanos <= this.lastNanos) nanos = this.lastNanos + 1000n
    this.lastNanos = nanos
    return { seconds: String(nanos / 1_000_000_000n), nanos: Number(nanos % 1_000_000_000n) }
  }

  /** A new opaque etag, quoted as AIP-154 and Secret Manager's etags are. */
  newEtag(): string {
    this.etagSeq++
    return `"${Date.now().toString(16)}${this.etagSeq.toString(16).padStart(6, '0')}"`
  }

  /** The secret called `name`, or NOT_FOUND. */
  secret(name: SecretName): StoredSecret {
    const found = this.secrets.get(name.text)
    if (!found) throw notFound(`Secret [${name.text}] not found.`)
    return found
  }

  /** Forgets everything. */
  reset(): void {
    this.secrets.clear()
  }
}
