/**
 * The conformance suite every backend runs: tiered tests (the required
 * contract first, then each optional capability) over the backend directly
 * and through `createSecrets`, reading storage through `raw` to prove no
 * plaintext value was ever stored.
 *
 * Needs vitest (an optional peer dependency of @secrets/core).
 * @module
 */

import type { BackendCapabilities, SecretBackend } from '../backend/secret-backend.js'
import { createKit } from './_kit.js'
import { casTier } from './_tier-cas.js'
import { racesTier } from './_tier-races.js'
import { rekeyTier } from './_tier-rekey.js'
import { requiredTier } from './_tier-required.js'
import { versionsTier } from './_tier-versions.js'
import { afterAll, beforeAll, describe } from './_vitest.js'

/** What `raw` returns: storage as it is, read around the backend. */
export interface RawStorage {
  /** Every stored field of every record, payloads included (strings or bytes). */
  stored: ReadonlyArray<string | Uint8Array>
  /** Every stored field that is not a value payload: names, descriptions, tags, labels. */
  metadata: ReadonlyArray<string | Uint8Array>
}

/** Options of {@link runBackendConformance}. */
export interface ConformanceOptions<B extends SecretBackend = SecretBackend> {
  /** Names the suite in test output. */
  name: string
  /** Creates the backend under test; called once for the suite. */
  create: () => B | Promise<B>
  /** Reads the backend's storage directly, bypassing its API. */
  raw: (backend: B) => Promise<RawStorage>
  /** Releases what `create` made (drop tables, close pools). */
  destroy?: (backend: B) => void | Promise<void>
  /** Capabilities the backend must declare; the suite fails if they differ. */
  capabilities?: Partial<BackendCapabilities>
  /** How many names the batch test reads in one call. @default 500 */
  batchSize?: number
  /**
   * Rounds of the create/delete race. Lower it only for a service whose
   * calls take long (say why in the test file).
   * @default 200
   */
  raceRounds?: number
}

/**
 * Registers the conformance suite with vitest. Call it at the top level of a
 * test file, once per backend configuration. Tiers: required, versions,
 * compare-and-set, rekey, races and rollback; a tier whose capability the
 * backend does not declare shows its tests as skipped.
 * @example
 * ```ts
 * runBackendConformance({
 *   name: 'kysely:sqlite',
 *   create: async () => { … return kyselyBackend({ db }) },
 *   raw: async () => ({ stored: await dumpAllCells(db), metadata: await dumpMetadataCells(db) }),
 * })
 * ```
 */
export function runBackendConformance<B extends SecretBackend>(
  options: ConformanceOptions<B>,
): void {
  describe(`backend conformance: ${options.name}`, () => {
    const kit = createKit(options as unknown as ConformanceOptions<SecretBackend>)
    beforeAll(async () => {
      kit.backend = await options.create()
    })
    afterAll(async () => {
      if (kit.backend) await options.destroy?.(kit.backend as B)
    })
    requiredTier(kit)
    versionsTier(kit)
    casTier(kit)
    rekeyTier(kit)
    racesTier(kit)
  })
}
