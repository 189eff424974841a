/**
 * `loadSecretsEnv`: reads and validates the whole configuration at once,
 * without opening anything.
 * @module
 */
import { type EnvSource, Keyring, SecretsError } from '@secrets/core'
import type { z } from 'zod'
import { ALIASES, BACKENDS, type BackendDefinition, findBackend } from './_backends.js'
import { type AuditTarget, commonVariables } from './_schema.js'
import { type EnvIssue, InvalidEnvironmentError } from './invalid-environment-error.js'

/** The validated configuration. */
export interface SecretsEnvConfig {
  /** The backend's canonical name (`sqlite`, `hashicorp-vault`, …). */
  backend: string
  /** `NODE_ENV` is `production`. */
  production: boolean
  /** The master keys, or null when none is set (only backends that keep values natively allow that). */
  keyring: Keyring | null
  /** Where audit events go, in order. */
  audit: readonly AuditTarget[]
  /** The read cache's TTL in milliseconds, or null for no cache. */
  cacheTtlMs: number | null
  /** The environment with every alias resolved to its canonical name, as the adapter reads it. */
  env: EnvSource
}

const KEY_VARIABLES = ['SECRETS_MASTER_KEY', 'SECRETS_MASTER_KEYS', 'SECRETS_PRIMARY_KEY_ID']

/**
 * Reads the configuration from environment variables and validates all of
 * it: `SECRETS_BACKEND` (or `SECRET_BACKEND` / `SECRETS_PROVIDER`; default
 * `sqlite`) and the chosen backend's variables, the master keys, `SECRETS_AUDIT`
 * and `SECRETS_CACHE_TTL`. See docs/configuration.md for every variable.
 * @param env the variables, such as `process.env`
 * @returns the typed configuration; nothing is opened or connected
 * @throws {InvalidEnvironmentError} listing every problem, each with its variable and the fix, never a value
 * @example
 * ```ts
 * const config = loadSecretsEnv({ SECRETS_BACKEND: 'memory', SECRETS_MASTER_KEY: key })
 * config.backend // 'memory'
 * ```
 */
export function loadSecretsEnv(env: EnvSource = process.env): SecretsEnvConfig {
  const issues: EnvIssue[] = []
  const resolved = resolveAliases(env, issues)
  const chosen = resolved.SECRETS_BACKEND ?? 'sqlite'
  const backend = findBackend(chosen)
  if (backend === undefined) {
    issues.push({
      variable: 'SECRETS_BACKEND',
      message: `names no backend: use one of ${BACKENDS.map((b) => b.name).join(', ')}`,
    })
  }
  const common = collect(commonVariables, resolved, issues)
  if (backend) collect(backend.variables, resolved, issues)
  const production = common?.NODE_ENV === 'production'
  if (backend?.name === 'memory' && production) {
    issues.push({
      variable: 'SECRETS_BACKEND',
      message: 'memory keeps secrets only in this process and is refused when NODE_ENV=production',
    })
  }
  const keyring = readKeyring(resolved, issues)
  if (backend && keyring === null && !issues.some(isKeyIssue) && backend.envelopes(resolved)) {
    issues.push({
      variable: 'SECRETS_MASTER_KEY',
      message: `is not set: the ${backend.name} backend stores envelopes sealed with a master key (generate one with \`secrets keygen\`)`,
    })
  }
  const audit = common
    ? auditTargets(common.SECRETS_AUDIT, backend, production, common, issues)
    : []
  if (issues.length > 0) throw new InvalidEnvironmentError(issues)
  return Object.freeze({
    backend: backend!.name,
    production,
    keyring,
    audit: Object.freeze(audit),
    cacheTtlMs: common!.SECRETS_CACHE_TTL ? common!.SECRETS_CACHE_TTL : null,
    env: Object.freeze(resolved),
  })
}

/** Copies `env`, with each alias's value under its canonical name. */
function resolveAliases(env: EnvSource, issues: EnvIssue[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env }
  for (const [name, ...aliases] of ALIASES) {
    const set = [name, ...aliases].filter((n) => env[n] !== undefined && env[n] !== '')
    const values = new Set(set.map((n) => env[n]))
    if (values.size > 1) {
      issues.push({
        variable: name,
        message: `${set.join(' and ')} are all set and disagree: set one`,
      })
    }
    if (set.length > 0) out[name] = env[set[0]!]
  }
  return out
}

/** Parses with a zod schema, turning its issues into value-free EnvIssues. */
function collect<S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined>,
  issues: EnvIssue[],
): z.output<S> | null {
  const result = schema.safeParse(env, { error: () => 'is not valid' })
  if (result.success) return result.data
  for (const issue of result.error.issues) {
    issues.push({ variable: String(issue.path[0] ?? '?'), message: issue.message })
  }
  return null
}

const isKeyIssue = (issue: EnvIssue) => KEY_VARIABLES.includes(issue.variable)

/** The keyring from SECRETS_MASTER_KEY(S), or null when no key is set. */
function readKeyring(env: EnvSource, issues: EnvIssue[]): Keyring | null {
  if (!KEY_VARIABLES.slice(0, 2).some((n) => env[n])) {
    if (env.SECRETS_PRIMARY_KEY_ID) {
      issues.push({
        variable: 'SECRETS_PRIMARY_KEY_ID',
        message: 'is set, but no SECRETS_MASTER_KEYS holds the keys it picks from',
      })
    }
    return null
  }
  try {
    return Keyring.fromEnv(env)
  } catch (error) {
    // Keyring errors name the rule that failed, never a key.
    const message = SecretsError.isInstance(error) ? error.message : 'is not a valid key'
    const named = /^(SECRETS_[A-Z_]+)/.exec(message)?.[1]
    const variable = named && KEY_VARIABLES.includes(named) ? named : 'SECRETS_MASTER_KEY'
    issues.push({ variable, message })
    return null
  }
}

/** The audit targets, with the defaults and the rules that span variables. */
function auditTargets(
  listed: AuditTarget[] | undefined,
  backend: BackendDefinition | undefined,
  production: boolean,
  common: { SECRETS_AUDIT_ALLOW_OFF: boolean },
  issues: EnvIssue[],
): AuditTarget[] {
  const targets = listed ?? [{ kind: backend?.auditTable ? 'table' : 'stderr' }]
  if (targets.some((t) => t.kind === 'off') && production && !common.SECRETS_AUDIT_ALLOW_OFF) {
    issues.push({
      variable: 'SECRETS_AUDIT',
      message: 'is off with NODE_ENV=production: set SECRETS_AUDIT_ALLOW_OFF=1 to mean it',
    })
  }
  if (backend && !backend.auditTable && targets.some((t) => t.kind === 'table')) {
    issues.push({
      variable: 'SECRETS_AUDIT',
      message: `lists "table", but the ${backend.name} backend has no audit table: use stderr or file:PATH`,
    })
  }
  return targets
}
