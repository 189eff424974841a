/**
 * `migratePlaintextColumn`: moves the plaintext secrets of a SQL column into
 * the store, row by row, leaving a reference behind, and clears the
 * plaintext only once the value reads back from the store.
 * @module
 */
import {
  AbortedError,
  InvalidArgumentError,
  type ScopedSecrets,
  type ScopeInput,
  type SecretStore,
  SecretsError,
} from '@secrets/core'
import type { Kysely } from 'kysely'
import { equalValues } from './_equal-values.js'
import { type AnyDatabase, checkTable, type Row } from './_sql-table.js'

/** Options of {@link migratePlaintextColumn}. */
export interface MigratePlaintextColumnOptions<DB> {
  /** The application's Kysely instance (owned and closed by the caller). */
  db: Kysely<DB>
  /** The store the values go to. */
  secrets: SecretStore
  /** The table, such as `integrations`. */
  table: string
  /** Its primary key column (rows are walked in its order). */
  key: string
  /** The column holding plaintext, cleared (set to NULL) once a value is safe. */
  valueColumn: string
  /** The column that receives the reference, `secret:<name>` (resolveConfig's whole-string form). */
  refColumn: string
  /** The secret's name for a row, such as `row => \`INTEGRATION_${row.id}\``. */
  name: (row: Row) => string
  /** The secret's scope for a row, such as `row => ({ tenant: String(row.tenant_id) })`. */
  scope: (row: Row) => ScopeInput
  /** Who migrates, for the audit trail. @default 'job:migrate' */
  accessor?: string
  /** Rows per page. @default 100 */
  batchSize?: number
  /** Stops between pages (`AbortedError`); run it again to resume. */
  signal?: AbortSignal
  /** Called after every page. */
  onProgress?: (progress: MigrateColumnProgress) => void
}

/** Progress after every page. */
export interface MigrateColumnProgress {
  /** Rows with plaintext looked at so far. */
  scanned: number
  /** Rows whose plaintext was cleared so far. */
  migrated: number
  /** Rows left as they were so far. */
  failed: number
}

/** A row left as it was (its plaintext kept). */
export interface MigrateColumnFailure {
  /** The row's primary key, as text. */
  key: string
  /**
   * Why: `CONFLICT` (the row changed meanwhile, or another writer wrote the
   * secret), `READ_BACK_MISMATCH`, `INVALID_VALUE` (not a string),
   * `INVALID_NAME`, `INVALID_SCOPE`, or `SOURCE_ERROR` (`name` or `scope` threw).
   */
  code: string
}

/** What a run did: counts and row keys, never a value. */
export interface MigrateColumnReport {
  /** Rows whose plaintext was cleared in this run. */
  migrated: number
  /** New versions written (a rerun after an interruption reuses a stored equal value). */
  written: number
  /** Rows left with their plaintext. */
  failed: MigrateColumnFailure[]
}

const FATAL = new Set(['BACKEND_ERROR', 'AUDIT_FAILED', 'ABORTED'])

/** A row's problem that leaves it as it was. */
class RowFailure extends Error {
  constructor(readonly code: string) {
    super(code)
  }
}

/**
 * Migrates a plaintext column. For each row that still holds plaintext:
 *
 * 1. stores the value (reading the stored one first, audited `migrate:compare`:
 *    an equal value is reused, so no second version is written);
 * 2. writes `secret:<name>` into `refColumn` (only if the plaintext is unchanged);
 * 3. reads the version back through the store (audited `migrate:verify`) and
 *    compares it in constant time;
 * 4. only then sets `valueColumn` to NULL (only if the reference and the
 *    plaintext are still the ones it saw).
 *
 * Every step is idempotent, so an interrupted run is resumed by running it again.
 * @param options the database, the store, the table and its columns, and how rows map to names and scopes
 * @returns what it did, with the rows left by key and code
 * @throws {AbortedError} when `signal` is aborted (between pages)
 * @throws {InvalidArgumentError} for missing options or identifiers that are not plain
 * @throws BackendError, AuditError when the store fails (run it again to resume)
 */
export async function migratePlaintextColumn<DB>(
  options: MigratePlaintextColumnOptions<DB>,
): Promise<MigrateColumnReport> {
  const { table, key, valueColumn, refColumn, secrets, name, scope } = options ?? ({} as never)
  const db = checkTable(
    options?.db,
    { table, key, valueColumn, refColumn },
    'migratePlaintextColumn',
  )
  const { accessor = 'job:migrate', batchSize = 100, signal, onProgress } = options
  if (typeof secrets?.scope !== 'function') {
    throw new InvalidArgumentError('"secrets" must be a store made by createSecrets')
  }
  if (typeof name !== 'function' || typeof scope !== 'function') {
    throw new InvalidArgumentError('"name" and "scope" must be functions of a row')
  }
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new InvalidArgumentError('"batchSize" must be an integer from 1 to 10000')
  }
  const report: MigrateColumnReport = { migrated: 0, written: 0, failed: [] }
  const columns = { table, key, valueColumn, refColumn }
  let scanned = 0
  let last: unknown
  for (;;) {
    if (signal?.aborted) throw new AbortedError('The migration was aborted; run it again to resume')
    let query = db.selectFrom(table).selectAll().where(valueColumn, 'is not', null)
    if (last !== undefined) query = query.where(key, '>', last)
    const rows = await query.orderBy(key).limit(batchSize).execute()
    if (rows.length === 0) break
    for (const row of rows) {
      try {
        const wrote = await migrateRow(db, secrets, columns, row, options, accessor)
        report.migrated++
        if (wrote) report.written++
      } catch (error) {
        const code = codeOf(error)
        report.failed.push({ key: String(row[key]), code })
      }
    }
    last = rows[rows.length - 1]![key]
    scanned += rows.length
    onProgress?.({ scanned, migrated: report.migrated, failed: report.failed.length })
  }
  return report
}

/** The code of a row's failure; a failure of the store itself is thrown on. */
function codeOf(error: unknown): string {
  if (error instanceof RowFailure) return error.code
  if (SecretsError.isInstance(error) && !FATAL.has(error.code)) return error.code
  throw error
}

/** Migrates one row. @returns whether a new version was written */
async function migrateRow(
  db: AnyDatabase,
  secrets: SecretStore,
  columns: { table: string; key: string; valueColumn: string; refColumn: string },
  row: Row,
  options: Pick<MigratePlaintextColumnOptions<unknown>, 'name' | 'scope'>,
  accessor: string,
): Promise<boolean> {
  const { table, key, valueColumn, refColumn } = columns
  const value = row[valueColumn]
  if (typeof value !== 'string') throw new RowFailure('INVALID_VALUE')
  let secretName: string
  let handle: ScopedSecrets
  try {
    secretName = options.name(row)
    handle = secrets.scope(options.scope(row))
  } catch (error) {
    throw SecretsError.isInstance(error) ? error : new RowFailure('SOURCE_ERROR')
  }
  const [stored] = await handle.readMany([{ name: secretName }], {
    accessor,
    reason: 'migrate:compare',
  })
  const same = stored != null && equalValues(stored.value, value)
  const version = same
    ? stored.version
    : (
        await handle.set(secretName, value, {
          accessor,
          reason: 'migrate:import',
          ifVersion: stored?.version ?? 0,
        })
      ).version
  const reference = `secret:${secretName}`
  const referenced = await db
    .updateTable(table)
    .set({ [refColumn]: reference })
    .where(key, '=', row[key])
    .where(valueColumn, '=', value)
    .executeTakeFirst()
  if (Number(referenced.numUpdatedRows) !== 1) throw new RowFailure('CONFLICT')
  const readBack = await handle.get(secretName, { version, accessor, reason: 'migrate:verify' })
  if (!equalValues(readBack, value)) throw new RowFailure('READ_BACK_MISMATCH')
  const cleared = await db
    .updateTable(table)
    .set({ [valueColumn]: null })
    .where(key, '=', row[key])
    .where(refColumn, '=', reference)
    .where(valueColumn, '=', value)
    .executeTakeFirst()
  if (Number(cleared.numUpdatedRows) !== 1) throw new RowFailure('CONFLICT')
  return !same
}
