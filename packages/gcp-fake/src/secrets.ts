import { alreadyExists, failedPrecondition, invalid } from './errors.js'
import { compileFilter, type FilterSchema } from './filter.js'
import type {
  CreateSecretRequest,
  EtagNameRequest,
  ListRequest,
  Replication,
  SecretIn,
  UpdateSecretRequest,
} from './messages.js'
import { parseParent, parseSecretName } from './names.js'
import { paginate } from './paging.js'
import { addDuration, type SecretStore, type StoredSecret, timestampMs } from './store.js'
import { checkAliases, checkAnnotations, checkLabels, checkSecretId } from './validation.js'

/** The `Secret` message the fake answers with. */
export function secretMessage(s: StoredSecret): Record<string, unknown> {
  return {
    name: s.name.text,
    replication: s.replication,
    create_time: s.createTime,
    labels: { ...s.labels },
    topics: s.topics.map((t) => ({ name: t.name })),
    ...(s.expireTime ? { expire_time: s.expireTime } : {}),
    etag: s.etag,
    rotation: s.rotation,
    version_aliases: Object.fromEntries(
      Object.entries(s.versionAliases).map(([k, v]) => [k, String(v)]),
    ),
    annotations: { ...s.annotations },
    version_destroy_ttl: s.versionDestroyTtl,
    customer_managed_encryption: s.customerManagedEncryption,
  }
}

/** Global secrets need a replication policy; regional ones (under a location) take none. */
function checkReplication(replication: Replication | null, regional: boolean): Replication | null {
  const kind = replication?.replication
  if (regional) {
    if (kind) throw invalid('Regional secrets do not take a replication policy.')
    return null
  }
  if (!replication || !kind) throw invalid('Secret.replication is required.')
  if (kind === 'automatic') {
    return {
      automatic: {
        customer_managed_encryption: replication.automatic?.customer_managed_encryption ?? null,
      },
    }
  }
  const replicas = replication.user_managed?.replicas ?? []
  if (replicas.length === 0) throw invalid('Replication.user_managed.replicas cannot be empty.')
  for (const r of replicas) {
    if (!r.location) throw invalid('Replication.user_managed.replicas[].location is required.')
  }
  return {
    user_managed: {
      replicas: replicas.map((r) => ({
        location: r.location,
        customer_managed_encryption: r.customer_managed_encryption ?? null,
      })),
    },
  }
}

function parseAliases(aliases: Record<string, string>): Record<string, number> {
  return Object.fromEntries(Object.entries(aliases).map(([k, v]) => [k, Number(v)]))
}

/** CreateSecret: ALREADY_EXISTS for a taken id, INVALID_ARGUMENT for a bad one. */
export function createSecret(store: SecretStore, req: CreateSecretRequest): StoredSecret {
  const parent = parseParent(req.parent)
  checkSecretId(req.secret_id)
  const input = req.secret
  if (!input) throw invalid('Secret is required.')
  const replication = checkReplication(input.replication, parent.location !== undefined)
  checkLabels(input.labels)
  checkAnnotations(input.annotations)
  const aliases = parseAliases(input.version_aliases)
  checkAliases(aliases, 0)
  const name = parseSecretName(`${parent.text}/secrets/${req.secret_id}`)
  if (store.secrets.has(name.text)) throw alreadyExists(`Secret [${name.text}] already exists.`)
  const createTime = store.now()
  const secret: StoredSecret = {
    name,
    createTime,
    replication,
    labels: { ...input.labels },
    annotations: { ...input.annotations },
    versionAliases: aliases,
    topics: input.topics.map((t) => ({ name: t.name })),
    rotation: input.rotation,
    expireTime: input.ttl ? addDuration(createTime, input.ttl) : (input.expire_time ?? null),
    versionDestroyTtl: input.version_destroy_ttl,
    customerManagedEncryption: input.customer_managed_encryption,
    etag: store.newEtag(),
    versions: [],
  }
  store.secrets.set(name.text, secret)
  return secret
}

/** GetSecret. */
export function getSecret(store: SecretStore, name: string): StoredSecret {
  return store.secret(parseSecretName(name))
}

/** Fields UpdateSecret may change, by mask path (snake_case, camelCase accepted too). */
const UPDATABLE: Record<string, (s: StoredSecret, input: SecretIn, store: SecretStore) => void> = {
  labels: (s, input) => {
    checkLabels(input.labels)
    s.labels = { ...input.labels }
  },
  annotations: (s, input) => {
    checkAnnotations(input.annotations)
    s.annotations = { ...input.annotations }
  },
  version_aliases: (s, input) => {
    const aliases = parseAliases(input.version_aliases)
    checkAliases(aliases, s.versions.length)
    s.versionAliases = aliases
  },
  topics: (s, input) => {
    s.topics = input.topics.map((t) => ({ name: t.name }))
  },
  rotation: (s, input) => {
    s.rotation = input.rotation
  },
  expire_time: (s, input) => {
    s.expireTime = input.expire_time ?? null
  },
  ttl: (s, input, store) => {
    s.expireTime = input.ttl ? addDuration(store.now(), input.ttl) : null
  },
  version_destroy_ttl: (s, input) => {
    s.versionDestroyTtl = input.version_destroy_ttl
  },
  customer_managed_encryption: (s, input) => {
    s.customerManagedEncryption = input.customer_managed_encryption
  },
}

const snakeCase = (path: string): string => path.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/**
 * UpdateSecret: the mask is required; unknown, output-only and immutable paths
 * (`replication`, `name`, `create_time`) are INVALID_ARGUMENT; a non-empty
 * `secret.etag` that is not the current one is FAILED_PRECONDITION. Every update,
 * even one that changes nothing, gives the secret a new etag.
 */
export function updateSecret(store: SecretStore, req: UpdateSecretRequest): StoredSecret {
  const input = req.secret
  if (!input) throw invalid('Secret is required.')
  const paths = (req.update_mask?.paths ?? []).map(snakeCase)
  if (paths.length === 0) throw invalid('update_mask is required and must name at least one field.')
  for (const path of paths) {
    if (!Object.hasOwn(UPDATABLE, path)) {
      throw invalid(`update_mask path [${path}] cannot be updated.`)
    }
  }
  const current = store.secret(parseSecretName(input.name, 'secret.name'))
  if (input.etag && input.etag !== current.etag) {
    throw failedPrecondition(
      `The etag [${input.etag}] does not match the current etag of Secret [${current.name.text}].`,
    )
  }
  const next: StoredSecret = { ...current }
  for (const path of paths) UPDATABLE[path]!(next, input, store)
  next.etag = store.newEtag()
  store.secrets.set(current.name.text, next)
  return next
}

/** DeleteSecret: removes the secret and all its versions; an etag that does not match fails. */
export function deleteSecret(store: SecretStore, req: EtagNameRequest): void {
  const secret = store.secret(parseSecretName(req.name))
  if (req.etag && req.etag !== secret.etag) {
    throw failedPrecondition(
      `The etag [${req.etag}] does not match the current etag of Secret [${secret.name.text}].`,
    )
  }
  store.secrets.delete(secret.name.text)
}

const SECRET_FIELDS: FilterSchema<StoredSecret> = (field) => {
  if (field === 'name') return { type: 'string', get: (s) => [s.name.text] }
  if (field.startsWith('labels.')) {
    const key = field.slice('labels.'.length)
    return { type: 'string', get: (s) => (Object.hasOwn(s.labels, key) ? [s.labels[key]!] : []) }
  }
  if (field === 'create_time') return { type: 'time', get: (s) => [timestampMs(s.createTime)] }
  if (field === 'replication.automatic') {
    return { type: 'object', get: (s) => (s.replication?.automatic ? ['automatic'] : []) }
  }
  if (field === 'replication.user_managed') {
    return { type: 'object', get: (s) => (s.replication?.user_managed ? ['user_managed'] : []) }
  }
  if (field === 'replication.user_managed.replicas.location') {
    return {
      type: 'string',
      get: (s) => s.replication?.user_managed?.replicas.map((r) => r.location) ?? [],
    }
  }
  return undefined
}

/**
 * ListSecrets: the secrets directly under `parent` (a project's global secrets, or one
 * location's regional ones), in ascending name order, filtered and paged.
 * `total_size` is 0 when a filter is set, as the proto documents.
 */
export function listSecrets(store: SecretStore, req: ListRequest, defaultPageSize: number) {
  const parent = parseParent(req.parent)
  const predicate = compileFilter(req.filter, SECRET_FIELDS)
  const all = [...store.secrets.values()]
    .filter((s) => s.name.parent.text === parent.text)
    .sort((a, b) => (a.name.text < b.name.text ? -1 : a.name.text > b.name.text ? 1 : 0))
  const matching = all.filter(predicate)
  const page = paginate(
    matching,
    (s) => s.name.text,
    (k, after) => k > after,
    {
      page_size: req.page_size,
      page_token: req.page_token,
      scope: JSON.stringify(['secrets', parent.text, req.filter]),
      defaultSize: defaultPageSize,
    },
  )
  return {
    secrets: page.items.map(secretMessage),
    next_page_token: page.nextPageToken,
    total_size: req.filter.trim() ? 0 : all.length,
  }
}
