/**
 * The schema of the SQL backends: opening one through @secrets/env migrates
 * it to the latest version (idempotent), so once it is open, the schema is
 * at the newest migration @secrets/kysely ships.
 * @module
 */

/** The backends whose schema @secrets/kysely migrates. */
export const SQL_BACKENDS: ReadonlySet<string> = new Set(['sqlite', 'postgres', 'mysql'])

/** The newest migration of @secrets/kysely, or null when it cannot be imported from here. */
export async function latestMigration(): Promise<string | null> {
  try {
    const { secretsMigrationProvider } = await import('@secrets/kysely')
    const names = Object.keys(await secretsMigrationProvider().getMigrations()).sort()
    return names.at(-1) ?? null
  } catch {
    return null
  }
}

/** What `init` and `doctor` say about a backend's schema once it is open. */
export async function schemaStatus(backend: string): Promise<string> {
  if (!SQL_BACKENDS.has(backend)) return `nothing to migrate: the ${backend} backend has no schema`
  const latest = await latestMigration()
  return `up to date${latest ? ` (${latest})` : ''}`
}
