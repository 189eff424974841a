/**
 * `createSecretsFromEnv`: the store, opened from environment variables.
 * @module
 */
import { createWriteStream, openSync, type WriteStream } from 'node:fs'
import {
  type AccessLogSink,
  type AuditSink,
  type CreateSecretsOptions,
  createSecrets,
  type EnvBackend,
  type EnvSource,
  jsonLinesAuditSink,
  type SecretBackend,
  type SecretStore,
} from '@secrets/core'
import { type AdapterLoader, findBackend, importAdapter } from './_backends.js'
import { InvalidEnvironmentError } from './invalid-environment-error.js'
import { loadSecretsEnv, type SecretsEnvConfig } from './load-secrets-env.js'

/** What {@link createSecretsFromEnv} may be told besides the environment. */
export interface SecretsEnvOverrides
  extends Partial<Omit<CreateSecretsOptions, 'backend' | 'keyring' | 'audit' | 'cache'>> {
  /** Loads an adapter package. @default a dynamic import of it */
  importAdapter?: AdapterLoader
}

/** The store and what it was built from. */
export interface SecretsFromEnv {
  /** The store. */
  secrets: SecretStore
  /** The backend it stores into. */
  backend: SecretBackend
  /** The audit sinks it writes to, in `SECRETS_AUDIT` order (empty when off). */
  audit: readonly AuditSink[]
  /** The backend's own audit table or collection, when it has one (for `log` and retention). */
  auditTable: AccessLogSink | undefined
  /** The validated configuration. */
  config: SecretsEnvConfig
  /** Closes the store, the backend's connections and any audit file. */
  close(): Promise<void>
}

/**
 * Reads and validates the configuration (see {@link loadSecretsEnv}), imports
 * the adapter the backend needs, opens it, and builds the keyring, the audit
 * sinks and the store.
 * @throws {InvalidEnvironmentError} listing every configuration problem, or naming the package to install
 * @throws {BackendError} when the backend cannot be reached or opened
 * @example
 * ```ts
 * const { secrets, close } = await createSecretsFromEnv(process.env)
 * const apiKey = await secrets.scope({ tenant: 'acme' }).get('API_KEY', { accessor: 'api' })
 * await close()
 * ```
 */
export async function createSecretsFromEnv(
  env: EnvSource = process.env,
  overrides: SecretsEnvOverrides = {},
): Promise<SecretsFromEnv> {
  const config = loadSecretsEnv(env)
  const { importAdapter: load = importAdapter, ...storeOptions } = overrides
  const opened = await openBackend(config, load)
  const files: WriteStream[] = []
  try {
    const audit = config.audit.flatMap((target): AuditSink[] => {
      if (target.kind === 'off') return []
      if (target.kind === 'stderr') return [jsonLinesAuditSink(process.stderr)]
      if (target.kind === 'table') return [opened.audit!]
      const stream = openAuditFile(target.path)
      files.push(stream)
      return [jsonLinesAuditSink(stream)]
    })
    const secrets = createSecrets({
      ...storeOptions,
      backend: opened.backend,
      ...(config.keyring ? { keyring: config.keyring } : {}),
      audit: audit.length === 0 ? false : audit,
      cache: config.cacheTtlMs === null ? false : { ttlMs: config.cacheTtlMs },
    })
    return {
      secrets,
      backend: opened.backend,
      audit: Object.freeze(audit),
      auditTable: opened.audit,
      config,
      close: async () => {
        await secrets.close()
        await opened.close()
        await Promise.all(files.map((f) => new Promise((resolve) => f.end(resolve))))
      },
    }
  } catch (error) {
    await opened.close().catch(() => undefined)
    for (const f of files) f.destroy()
    throw error
  }
}

/** Opens the configured backend, or says which package to install. */
async function openBackend(config: SecretsEnvConfig, load: AdapterLoader): Promise<EnvBackend> {
  const definition = findBackend(config.backend)!
  const guarded: AdapterLoader = async (specifier) => {
    try {
      return await load(specifier)
    } catch (error) {
      if (!isModuleNotFound(error)) throw error
      throw new InvalidEnvironmentError([
        {
          variable: 'SECRETS_BACKEND',
          message: `${config.backend} needs the ${specifier} package: ${definition.install}`,
        },
      ])
    }
  }
  return definition.open(config.env, guarded)
}

/**
 * Opens an audit file for appending, now, so that a path that cannot be
 * written is an error at start-up rather than at the first read. A later
 * write error reaches the sink's write (the read then fails closed), never
 * the process as an unhandled 'error' event.
 * @throws {InvalidEnvironmentError} when the file cannot be opened
 */
function openAuditFile(path: string): WriteStream {
  let fd: number
  try {
    fd = openSync(path, 'a', 0o600)
  } catch (error) {
    const code = (error as { code?: unknown }).code
    throw new InvalidEnvironmentError([
      {
        variable: 'SECRETS_AUDIT',
        message: `names the audit file ${JSON.stringify(path)}, which cannot be opened for appending (${typeof code === 'string' ? code : 'error'})`,
      },
    ])
  }
  const stream = createWriteStream(path, { fd, flags: 'a' })
  stream.on('error', () => {}) // reported to the pending write's callback
  return stream
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
}
