/**
 * An in-memory backend for tests and development. It keeps envelopes in a Map
 * that dies with the process, so it is not a place for real secrets: it warns
 * once when `NODE_ENV` is `production`.
 * @module
 */
import { constantTimeEqual, copyBytes } from '../crypto/_bytes.js'
import { ConflictError } from '../errors/conflict-error.js'
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import type { Scope } from './scope.js'
import type {
  ListPage,
  PayloadUpdate,
  RecordKey,
  ScannedRecord,
  ScanPage,
  SecretBackend,
  SecretRecord,
  VersionInfo,
} from './secret-backend.js'

let warned = false

/** Options of {@link memoryBackend}. */
export interface MemoryBackendOptions {
  /**
   * A name for messages and audit.
   * @default 'memory'
   */
  name?: string
}

/** The memory backend, with a way for tests to read what it stores. */
export interface MemoryBackend extends SecretBackend {
  /** Every stored version of every scope, as it is stored (for tests that inspect storage). */
  dump(): ScannedRecord[]
}

/**
 * Creates an in-memory backend. For tests and development only.
 * @example
 * ```ts
 * const secrets = createSecrets({ backend: memoryBackend(), keyring, audit: memoryAuditSink() })
 * ```
 */
export function memoryBackend(options: MemoryBackendOptions = {}): MemoryBackend {
  if (!warned && globalThis.process?.env?.NODE_ENV === 'production') {
    warned = true
    globalThis.process.emitWarning?.(
      'memoryBackend() keeps secrets in process memory only; it is meant for tests and development',
      {
        code: 'SECRETS_MEMORY_BACKEND',
      },
    )
  }
  /** scope key -> name -> versions (index = version - 1) */
  const scopes = new Map<string, Map<string, SecretRecord[]>>()

  const namesOf = (scope: Scope) => scopes.get(scope.key)
  const copy = (r: SecretRecord): SecretRecord => ({
    name: r.name,
    version: r.version,
    payload: copyBytes(r.payload),
    description: r.description,
    createdBy: r.createdBy,
    previousExpiresAt: r.previousExpiresAt,
    createdAt: r.createdAt,
  })
  const info = ({ payload: _payload, ...rest }: SecretRecord): VersionInfo => rest

  function read(scope: Scope, name: string, version?: number): SecretRecord | null {
    const versions = namesOf(scope)?.get(name)
    if (!versions) return null
    const record = version === undefined ? versions.at(-1) : versions[version - 1]
    return record ? copy(record) : null
  }

  return {
    specificationVersion: 'v2',
    name: options.name ?? 'memory',
    capabilities: Object.freeze({
      envelope: true,
      encryptsAtRest: false,
      batch: true,
      cas: true,
      versions: true,
    }),

    async getMany(scope: Scope, keys: readonly RecordKey[]) {
      return keys.map((key) => read(scope, key.name, key.version))
    },

    async get(scope, name, version) {
      return read(scope, name, version)
    },

    async put(scope, name, input) {
      let names = namesOf(scope)
      const versions = names?.get(name) ?? []
      const latest = versions.length
      if (input.ifVersion !== undefined && input.ifVersion !== latest) {
        throw new ConflictError(
          latest === 0
            ? `Secret "${name}" does not exist (the write expected version ${input.ifVersion})`
            : input.ifVersion === 0
              ? `Secret "${name}" already exists (the write asked to create it)`
              : `Secret "${name}" is at version ${latest}, not ${input.ifVersion}`,
        )
      }
      const record: SecretRecord = {
        name,
        version: latest + 1,
        payload: copyBytes(input.payload(latest + 1)),
        description:
          input.description === undefined
            ? (versions.at(-1)?.description ?? null)
            : input.description,
        createdBy: input.createdBy,
        previousExpiresAt: input.previousExpiresAt,
        createdAt: new Date(),
      }
      if (!names) {
        names = new Map()
        scopes.set(scope.key, names)
      }
      names.set(name, [...versions, record])
      return info(record)
    },

    async delete(scope, name) {
      return namesOf(scope)?.delete(name) ?? false
    },

    async list(scope, { prefix = '', limit, cursor }): Promise<ListPage> {
      const after = cursor === undefined ? undefined : decodeCursor(cursor)
      const names = [...(namesOf(scope)?.keys() ?? [])]
        .filter((n) => n.startsWith(prefix) && (after === undefined || n > after))
        .sort()
      const page = names.slice(0, limit)
      const items = page.map((name) => {
        const versions = namesOf(scope)!.get(name)!
        const latest = versions.at(-1)!
        return {
          name,
          version: latest.version,
          description: latest.description,
          createdAt: versions[0]!.createdAt,
          updatedAt: latest.createdAt,
          updatedBy: latest.createdBy,
        }
      })
      return { items, cursor: names.length > limit ? encodeCursor(page.at(-1)!) : null }
    },

    async versions(scope, name) {
      return (namesOf(scope)?.get(name) ?? []).map(info).reverse()
    },

    async scan({ limit, cursor }): Promise<ScanPage> {
      // A keyset cursor (the last record's key), not an offset: a record
      // deleted or added behind the cursor cannot shift the walk past another.
      const after = cursor === undefined ? undefined : decodeScanCursor(cursor)
      const all = this.dump()
      const start = after === undefined ? 0 : all.findIndex((r) => compareKeys(r, after) > 0)
      const records = start < 0 ? [] : all.slice(start, start + limit)
      const last = records.at(-1)
      const more = start >= 0 && start + limit < all.length
      return {
        records,
        cursor:
          more && last
            ? encodeCursor(JSON.stringify([last.scopeKey, last.name, last.version]))
            : null,
      }
    },

    async replacePayloads(updates: readonly PayloadUpdate[]) {
      let replaced = 0
      for (const u of updates) {
        const versions = scopes.get(u.scopeKey)?.get(u.name)
        const record = versions?.[u.version - 1]
        if (record && constantTimeEqual(record.payload, u.previous)) {
          versions![u.version - 1] = { ...record, payload: copyBytes(u.payload) }
          replaced++
        }
      }
      return replaced
    },

    dump() {
      const out: ScannedRecord[] = []
      for (const scopeKey of [...scopes.keys()].sort()) {
        const names = scopes.get(scopeKey)!
        for (const name of [...names.keys()].sort()) {
          for (const r of names.get(name)!)
            out.push({ scopeKey, name, version: r.version, payload: copyBytes(r.payload) })
        }
      }
      return out
    },
  }
}

function encodeCursor(value: string): string {
  return `m1:${encodeURIComponent(value)}`
}

function decodeCursor(cursor: string): string {
  if (typeof cursor !== 'string' || !cursor.startsWith('m1:'))
    throw new InvalidArgumentError('Invalid list cursor')
  try {
    return decodeURIComponent(cursor.slice(3))
  } catch {
    throw new InvalidArgumentError('Invalid list cursor')
  }
}

type RecordPosition = Pick<ScannedRecord, 'scopeKey' | 'name' | 'version'>

/** Orders records as `dump()` lists them: scope key, name, version. */
function compareKeys(a: RecordPosition, b: RecordPosition): number {
  if (a.scopeKey !== b.scopeKey) return a.scopeKey < b.scopeKey ? -1 : 1
  if (a.name !== b.name) return a.name < b.name ? -1 : 1
  return a.version - b.version
}

function decodeScanCursor(cursor: string): RecordPosition {
  let parsed: unknown
  try {
    parsed = JSON.parse(decodeCursor(cursor))
  } catch {
    throw new InvalidArgumentError('Invalid scan cursor')
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'string' ||
    !Number.isSafeInteger(parsed[2])
  ) {
    throw new InvalidArgumentError('Invalid scan cursor')
  }
  return { scopeKey: parsed[0], name: parsed[1], version: parsed[2] }
}
