import { crc32c } from './crc32c.js'
import { failedPrecondition, invalid, notFound } from './errors.js'
import { compileFilter, type FilterSchema } from './filter.js'
import type { AddSecretVersionRequest, EtagNameRequest, ListRequest } from './messages.js'
import { parseSecretName, parseVersionName, versionName } from './names.js'
import { paginate } from './paging.js'
import type { SecretStore, StoredSecret, StoredVersion, VersionState } from './store.js'
import { timestampMs } from './store.js'
import { MAX_PAYLOAD_BYTES } from './validation.js'

/** The `SecretVersion` message the fake answers with. */
export function versionMessage(secret: StoredSecret, v: StoredVersion): Record<string, unknown> {
  const replication = secret.replication
  let replicationStatus: Record<string, unknown> | null = null
  if (replication?.automatic) {
    replicationStatus = { automatic: { customer_managed_encryption: null } }
  } else if (replication?.user_managed) {
    replicationStatus = {
      user_managed: {
        replicas: replication.user_managed.replicas.map((r) => ({
          location: r.location,
          customer_managed_encryption: null,
        })),
      },
    }
  }
  return {
    name: versionName(secret.name.text, v.number),
    create_time: v.createTime,
    destroy_time: v.destroyTime,
    state: v.state,
    replication_status: replicationStatus,
    etag: v.etag,
    client_specified_payload_checksum: v.clientSpecifiedChecksum,
  }
}

/**
 * AddSecretVersion: the next number (1, 2, 3… never reused), ENABLED. The payload must be
 * 1 byte to 64 KiB; a `data_crc32c` that is not the CRC-32C of the data is INVALID_ARGUMENT.
 * The secret's etag does not change (a version change only touches the version's etag).
 */
export function addVersion(store: SecretStore, req: AddSecretVersionRequest) {
  const secret = store.secret(parseSecretName(req.parent, 'parent'))
  const data = req.payload?.data
  if (!data || data.length === 0) throw invalid('Field [payload] is required.')
  if (data.length > MAX_PAYLOAD_BYTES) {
    throw invalid(`Secret payload is ${data.length} bytes; it must be no larger than 64KiB.`)
  }
  const crc = crc32c(data)
  const sent = req.payload?._data_crc32c === 'data_crc32c'
  if (sent && String(req.payload?.data_crc32c) !== String(crc)) {
    throw invalid(
      `Checksum mismatch: data_crc32c [${req.payload?.data_crc32c}] is not the CRC32C of the payload data.`,
    )
  }
  const version: StoredVersion = {
    number: secret.versions.length + 1,
    createTime: store.now(),
    destroyTime: null,
    state: 'ENABLED',
    data: Buffer.from(data),
    crc32c: crc,
    clientSpecifiedChecksum: sent,
    etag: store.newEtag(),
  }
  secret.versions.push(version)
  return versionMessage(secret, version)
}

/**
 * Finds a version by number, by `latest` (the most recently created version, whatever its
 * state) or, when `aliases` is set, by version alias. NOT_FOUND if there is none.
 */
function findVersion(store: SecretStore, name: string, aliases: boolean) {
  const parsed = parseVersionName(name)
  const secret = store.secret(parsed.secret)
  const id = parsed.version
  let number: number | undefined
  if (!aliases && !/^[1-9][0-9]*$/.test(id)) {
    throw invalid(`Secret version id [${id}] must be a version number here.`)
  }
  if (id === 'latest') {
    if (secret.versions.length === 0) {
      throw notFound(`Secret [${secret.name.text}] not found or has no versions.`)
    }
    number = secret.versions.length
  } else if (/^[1-9][0-9]*$/.test(id)) {
    number = Number(id)
  } else {
    number = Object.hasOwn(secret.versionAliases, id) ? secret.versionAliases[id] : undefined
  }
  const version = number === undefined ? undefined : secret.versions[number - 1]
  if (!version) throw notFound(`Secret Version [${name}] not found.`)
  return { secret, version }
}

/** GetSecretVersion (number, `latest` or alias); the name returned is the resolved one. */
export function getVersion(store: SecretStore, name: string) {
  const { secret, version } = findVersion(store, name, true)
  return versionMessage(secret, version)
}

/** AccessSecretVersion: FAILED_PRECONDITION unless ENABLED; `data_crc32c` always set. */
export function accessVersion(store: SecretStore, name: string) {
  const { secret, version } = findVersion(store, name, true)
  const resolved = versionName(secret.name.text, version.number)
  if (version.state !== 'ENABLED' || !version.data) {
    throw failedPrecondition(`Secret Version [${resolved}] is in ${version.state} state.`)
  }
  return {
    name: resolved,
    payload: { data: Buffer.from(version.data), data_crc32c: String(version.crc32c) },
  }
}

/**
 * Enable/Disable/DestroySecretVersion: a numbered version only; a non-empty etag that is not
 * the version's is FAILED_PRECONDITION, and so is any change to a DESTROYED version.
 * Each call, even a no-op (enabling an enabled version), gives the version a new etag.
 */
export function setVersionState(store: SecretStore, req: EtagNameRequest, to: VersionState) {
  const { secret, version } = findVersion(store, req.name, false)
  const resolved = versionName(secret.name.text, version.number)
  if (req.etag && req.etag !== version.etag) {
    throw failedPrecondition(
      `The etag [${req.etag}] does not match the current etag of Secret Version [${resolved}].`,
    )
  }
  if (version.state === 'DESTROYED') {
    throw failedPrecondition(`Secret Version [${resolved}] is in DESTROYED state.`)
  }
  version.state = to
  if (to === 'DESTROYED') {
    version.data = null
    version.destroyTime = store.now()
  }
  version.etag = store.newEtag()
  return versionMessage(secret, version)
}

const VERSION_FIELDS: FilterSchema<{ secret: StoredSecret; version: StoredVersion }> = (field) => {
  switch (field) {
    case 'name':
      return { type: 'string', get: (r) => [versionName(r.secret.name.text, r.version.number)] }
    case 'state':
      return { type: 'enum', get: (r) => [r.version.state] }
    case 'create_time':
      return { type: 'time', get: (r) => [timestampMs(r.version.createTime)] }
    case 'destroy_time':
      return {
        type: 'time',
        get: (r) => (r.version.destroyTime ? [timestampMs(r.version.destroyTime)] : []),
      }
    default:
      return undefined
  }
}

/** ListSecretVersions: newest first (highest number first), filtered and paged. */
export function listVersions(store: SecretStore, req: ListRequest, defaultPageSize: number) {
  const secret = store.secret(parseSecretName(req.parent, 'parent'))
  const predicate = compileFilter(req.filter, VERSION_FIELDS)
  const all = [...secret.versions].reverse().map((version) => ({ secret, version }))
  const matching = all.filter(predicate)
  const page = paginate(
    matching,
    (r) => String(r.version.number),
    (k, after) => Number(k) < Number(after),
    {
      page_size: req.page_size,
      page_token: req.page_token,
      scope: JSON.stringify(['versions', secret.name.text, req.filter]),
      defaultSize: defaultPageSize,
    },
  )
  return {
    versions: page.items.map((r) => versionMessage(r.secret, r.version)),
    next_page_token: page.nextPageToken,
    total_size: req.filter.trim() ? 0 : all.length,
  }
}
