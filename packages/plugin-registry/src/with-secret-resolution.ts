import {
  type ConfigWalkOptions,
  InvalidArgumentError,
  resolveConfig,
  type ScopeInput,
  type SecretStore,
} from '@secrets/core'
import { _pluginError } from './_plugin-errors.js'
import { pluginAccessor } from './plugin-accessor.js'

/** The reason recorded in audit events when none is given. */
export const DEFAULT_PLUGIN_REASON = 'load plugin config'

/** A registry's raw config loader: the config of one plugin, for one call. */
export type PluginConfigLoader<Ctx, Config> = (
  pluginId: string,
  ctx: Ctx,
) => Config | Promise<Config>

/** The loader {@link withSecretResolution} returns: always async. */
export type ResolvingConfigLoader<Ctx, Config> = (pluginId: string, ctx: Ctx) => Promise<Config>

/** Options of {@link withSecretResolution}. */
export interface SecretResolutionOptions<Ctx> extends ConfigWalkOptions {
  /** The store; every load reads from `secrets.scope(scope(ctx))`. */
  secrets: Pick<SecretStore, 'scope'>
  /**
   * The scope of one call, from its context.
   * @default (ctx) => ctx.scope
   */
  scope?: (ctx: Ctx) => ScopeInput
  /**
   * Why, for the audit trail.
   * @default 'load plugin config'
   */
  reason?: string
}

/**
 * Wraps a registry's config loader so that every config it loads comes back
 * with its secret references resolved, for the scope of the call, audited with
 * accessor `plugin:<id>`.
 *
 * The loader runs first; the resolved copy is returned and the loader's
 * object is never changed. Reference syntax and limits are those of
 * `resolveConfig` (docs/resolver.md).
 *
 * @param loader `(pluginId, ctx) => config`, sync or async
 * @param options the store, how to get the scope from `ctx`, the audit reason, syntax and limits
 * @returns an async loader with the same parameters that resolves secrets
 * @throws {InvalidArgumentError} at once, when `loader` or `secrets` is not usable
 * @example
 * ```ts
 * const load = withSecretResolution(registry.loadConfig, {
 *   secrets: store,
 *   scope: (ctx: { tenant: string; user: string }) => ({ tenant: ctx.tenant, user: ctx.user }),
 * })
 * const config = await load('slack', { tenant: 'acme', user: 'alice' })
 * ```
 * The returned loader throws `PluginMissingSecretsError` (a `MissingSecretError`)
 * naming the plugin, every missing secret and every config path; and
 * `InvalidConfigError` with the plugin in its message for a malformed reference.
 */
export function withSecretResolution<Ctx extends { scope: ScopeInput }, Config>(
  loader: PluginConfigLoader<Ctx, Config>,
  options: SecretResolutionOptions<Ctx>,
): ResolvingConfigLoader<Ctx, Config>
export function withSecretResolution<Ctx, Config>(
  loader: PluginConfigLoader<Ctx, Config>,
  options: SecretResolutionOptions<Ctx> & { scope: (ctx: Ctx) => ScopeInput },
): ResolvingConfigLoader<Ctx, Config>
export function withSecretResolution<Ctx, Config>(
  loader: PluginConfigLoader<Ctx, Config>,
  options: SecretResolutionOptions<Ctx>,
): ResolvingConfigLoader<Ctx, Config> {
  if (typeof loader !== 'function') {
    throw new InvalidArgumentError(
      'withSecretResolution expected a loader function (pluginId, ctx) => config',
    )
  }
  const {
    secrets,
    scope,
    reason = DEFAULT_PLUGIN_REASON,
    ...walk
  } = options ?? ({} as SecretResolutionOptions<Ctx>)
  if (typeof secrets?.scope !== 'function') {
    throw new InvalidArgumentError('"secrets" expected the store returned by createSecrets()')
  }
  if (scope !== undefined && typeof scope !== 'function') {
    throw new InvalidArgumentError('"scope" expected a function (ctx) => scope')
  }
  const walkOptions = Object.freeze({ ...walk })
  const scopeOf = scope ?? defaultScope

  return async (pluginId, ctx) => {
    const accessor = pluginAccessor(pluginId)
    const config = await loader(pluginId, ctx)
    const scoped = secrets.scope(scopeOf(ctx))
    try {
      return await resolveConfig(config, { ...walkOptions, secrets: scoped, accessor, reason })
    } catch (error) {
      throw _pluginError(pluginId, error)
    }
  }
}

function defaultScope(ctx: unknown): ScopeInput {
  const scope = (ctx as { scope?: ScopeInput } | null | undefined)?.scope
  if (scope === undefined) {
    throw new InvalidArgumentError(
      'The plugin load context has no "scope": pass { scope: { tenant, user } } in the context, or a scope(ctx) option to withSecretResolution',
    )
  }
  return scope
}
