/**
 * `importSecrets`: writes what a source yields into a store, comparing each
 * entry with what is stored first, so that running it twice changes nothing
 * the second time (and the report says so), and an interrupted run resumes
 * by running it again.
 * @module
 */
import {
  AbortedError,
  assertSecretName,
  InvalidArgumentError,
  InvalidValueError,
  type ScopedSecrets,
  type SecretStore,
  SecretsError,
  type SecretValue,
  type SetOptions,
  toScope,
} from '@secrets/core'
import { batches } from './_batches.js'
import { equalValues } from './_equal-values.js'
import type { ImportEntry, SecretSource } from './import-entry.js'
import { emptyReport, type ImportProgress, type ImportReport } from './import-report.js'

/** What to do when a secret already holds a different value. */
export type ConflictPolicy = 'skip' | 'overwrite' | 'fail'

/** Options of {@link importSecrets}. */
export interface ImportOptions {
  /** Who imports, for the audit trail. @default 'job:migrate' */
  accessor?: string
  /** Compare and count, but write nothing. @default false */
  dryRun?: boolean
  /**
   * When a secret already holds a different value: `'skip'` leaves it,
   * `'overwrite'` writes a new version, `'fail'` reports the entry as failed
   * (`CONFLICT`) and goes on with the others. @default 'fail'
   */
  conflict?: ConflictPolicy
  /** Called after each batch. */
  onProgress?: (progress: ImportProgress) => void
  /** Stops between batches (`AbortedError`); what was written stays written. */
  signal?: AbortSignal
  /** Entries read and compared per batch (one `readMany` per scope in it). @default 100 */
  batchSize?: number
}

/** Codes that stop the import: the store itself failed. Run it again to resume. */
const FATAL = new Set(['BACKEND_ERROR', 'AUDIT_FAILED', 'ABORTED'])

/** An entry ready to compare: its handle and its value. */
interface Prepared {
  entry: ImportEntry
  handle: ScopedSecrets
  scopeKey: string
  value: string
}

/**
 * Imports every entry of a source.
 *
 * Each stored value is read through the store (audited, reason
 * `migrate:compare`) and compared in constant time: an equal one is counted
 * `unchanged` and not written. New secrets are written with `ifVersion: 0`
 * and overwrites with the version that was compared, so a concurrent writer
 * makes the entry fail with `CONFLICT` rather than be lost.
 * @param secrets the store to import into
 * @param source the entries: an array, a generator, or a source of this package
 * @param options dry run, conflict policy, progress, signal
 * @returns counts, and the entries that failed by name and code; never a value
 * @throws {AbortedError} when `signal` is aborted (between batches)
 * @throws BackendError, AuditError when the store fails (run it again to resume)
 * @example
 * ```ts
 * const report = await importSecrets(secrets, dotenvSource({ path: '.env', scope: { app: 'api' } }))
 * ```
 */
export async function importSecrets(
  secrets: SecretStore,
  source: SecretSource,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const {
    accessor = 'job:migrate',
    dryRun = false,
    conflict = 'fail',
    onProgress,
    signal,
    batchSize = 100,
  } = options
  if (typeof secrets?.scope !== 'function') {
    throw new InvalidArgumentError('importSecrets needs a store made by createSecrets')
  }
  if (!['skip', 'overwrite', 'fail'].includes(conflict)) {
    throw new InvalidArgumentError('"conflict" must be "skip", "overwrite" or "fail"')
  }
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) {
    throw new InvalidArgumentError('"batchSize" must be an integer from 1 to 1000')
  }
  const report = emptyReport(dryRun)
  let processed = 0

  /** Decides one entry and writes it (unless a dry run), keeping `stored` up to date. */
  const apply = async (
    item: Prepared,
    existing: SecretValue | null,
    stored: Map<string, SecretValue>,
    key: string,
  ) => {
    const outcome = decide(existing, item.value, conflict)
    if (outcome === 'created' || outcome === 'updated') {
      const options = writeOptions(item, existing, accessor)
      const version = dryRun
        ? (existing?.version ?? 0) + 1
        : (await item.handle.set(item.entry.name, item.value, options)).version
      stored.set(key, { name: item.entry.name, version, value: item.value })
    }
    return outcome
  }

  const fail = (entry: ImportEntry, error: unknown) => {
    let code: string
    if (error instanceof SourceError) code = 'SOURCE_ERROR'
    else if (SecretsError.isInstance(error) && !FATAL.has(error.code)) code = error.code
    else throw error
    report.failed.push({ scope: entry.scope, name: entry.name, code })
  }

  for await (const batch of batches(source, batchSize)) {
    for (const entry of batch) {
      if (typeof entry !== 'object' || entry === null) {
        throw new InvalidArgumentError('A source must yield { scope, name, value } objects')
      }
    }
    if (signal?.aborted) throw new AbortedError('The import was aborted; run it again to resume')
    const ready: Prepared[] = []
    for (const entry of batch) {
      try {
        ready.push(prepare(secrets, entry))
      } catch (error) {
        fail(entry, error)
      }
    }
    // What is stored, updated as the batch goes, so that a name repeated in
    // the batch compares against its first value (later batches read it back).
    const stored = await readStored(ready, accessor)
    for (const item of ready) {
      const key = `${item.scopeKey}\n${item.entry.name}`
      try {
        const outcome = await apply(item, stored.get(key) ?? null, stored, key)
        if (outcome === 'failed') {
          report.failed.push({ scope: item.entry.scope, name: item.entry.name, code: 'CONFLICT' })
        } else {
          report[outcome]++
        }
      } catch (error) {
        fail(item.entry, error)
      }
    }
    processed += batch.length
    const { created, updated, unchanged, skipped } = report
    onProgress?.({ processed, created, updated, unchanged, skipped, failed: report.failed.length })
  }
  return report
}

/** What to do with one entry, given what is stored. */
function decide(
  existing: SecretValue | null,
  value: string,
  conflict: ConflictPolicy,
): 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed' {
  if (!existing) return 'created'
  if (equalValues(existing.value, value)) return 'unchanged'
  return conflict === 'overwrite' ? 'updated' : conflict === 'skip' ? 'skipped' : 'failed'
}

/** The options of a write: compare-and-set on the version that was compared. */
function writeOptions(item: Prepared, existing: SecretValue | null, accessor: string): SetOptions {
  const options: SetOptions = {
    accessor,
    reason: 'migrate:import',
    ifVersion: existing?.version ?? 0,
  }
  if (item.entry.description !== undefined) options.description = item.entry.description
  return options
}

/** Marks an error thrown by an entry's value function that is not a SecretsError. */
class SourceError extends Error {}

/** Checks an entry and opens its scope and value. */
function prepare(secrets: SecretStore, entry: ImportEntry): Prepared {
  const handle = secrets.scope(entry.scope)
  assertSecretName(entry.name)
  let value: unknown
  try {
    value = typeof entry.value === 'function' ? entry.value() : entry.value
  } catch (error) {
    throw SecretsError.isInstance(error) ? error : new SourceError()
  }
  if (typeof value !== 'string') {
    throw new InvalidValueError(`The value of "${entry.name}" is a ${typeof value}, not a string`)
  }
  return { entry, handle, scopeKey: toScope(entry.scope).key, value }
}

/** Reads the stored values of a batch: one `readMany` per scope. */
async function readStored(
  ready: readonly Prepared[],
  accessor: string,
): Promise<Map<string, SecretValue>> {
  const byScope = new Map<string, Prepared[]>()
  for (const item of ready) {
    const group = byScope.get(item.scopeKey) ?? []
    group.push(item)
    byScope.set(item.scopeKey, group)
  }
  const stored = new Map<string, SecretValue>()
  for (const [scopeKey, group] of byScope) {
    const names = [...new Set(group.map((item) => item.entry.name))]
    const values = await group[0]!.handle.readMany(
      names.map((name) => ({ name })),
      { accessor, reason: 'migrate:compare' },
    )
    values.forEach((found, i) => {
      if (found) stored.set(`${scopeKey}\n${names[i]}`, found)
    })
  }
  return stored
}
