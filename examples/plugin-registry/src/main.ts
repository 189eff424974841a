// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the configs below hold secret placeholders
/**
 * A tiny plugin registry whose plugin configs reference per-user secrets.
 * Runs with no setup: memory backend, a freshly generated master key.
 */
import {
  collectRefs,
  createSecrets,
  generateMasterKey,
  Keyring,
  maskConfig,
  memoryAuditSink,
  memoryBackend,
  type ScopeInput,
} from '@secrets/core'
import { PluginMissingSecretsError, withSecretResolution } from '@secrets/plugin-registry'

/** Plugin configs as they are stored: references only, never a plaintext secret. */
const manifests: Record<string, Record<string, unknown>> = {
  slack: {
    channel: '#ops',
    botToken: 'secret:SLACK_BOT_TOKEN',
    webhook: 'https://hooks.example.com/services/${SECRET:SLACK_WEBHOOK_PATH}',
  },
  github: {
    type: 'mcp-server',
    command: 'npx',
    args: ['-y', 'github-mcp-server'],
    env: {
      GITHUB_PERSONAL_ACCESS_TOKEN: '${SECRET:GITHUB_TOKEN}',
      GITHUB_HOST: '${SECRET:GITHUB_HOST:-github.com}',
    },
  },
}

/** Stands in for starting a plugin process with its resolved config. */
function startPlugin(pluginId: string, config: Record<string, unknown>): void {
  console.log(`\n[alice] starting "${pluginId}" with ${Object.keys(config).length} config keys`)
}

/** The registry: loads a plugin's config for a request context. */
const registry = {
  loadConfig(pluginId: string, _ctx: { scope: ScopeInput }) {
    const config = manifests[pluginId]
    if (!config) throw new Error(`Unknown plugin "${pluginId}"`)
    return config
  },
}

const audit = memoryAuditSink()
const secrets = createSecrets({
  backend: memoryBackend(),
  keyring: Keyring.fromKeys({ keys: { demo: generateMasterKey() } }),
  audit,
})

// Per-user secrets: alice has all of hers, bob has only Slack's.
const alice = { tenant: 'acme', user: 'alice' }
const bob = { tenant: 'acme', user: 'bob' }
for (const scope of [alice, bob]) {
  const s = secrets.scope(scope)
  await s.set('SLACK_BOT_TOKEN', `xoxb-${scope.user}-${crypto.randomUUID()}`)
  await s.set('SLACK_WEBHOOK_PATH', `T000/B000/${crypto.randomUUID()}`)
}
await secrets.scope(alice).set('GITHUB_TOKEN', `ghp_${crypto.randomUUID().replaceAll('-', '')}`)
audit.clear()

// Wrap the registry's loader: configs come back resolved for the caller's scope,
// audited with accessor plugin:<id>.
const loadConfig = withSecretResolution(registry.loadConfig, { secrets, reason: 'start plugin' })

for (const pluginId of Object.keys(manifests)) {
  // What the host hands to the plugin (or puts in the MCP server's environment);
  // it holds the values, so it is never printed.
  const resolved = await loadConfig(pluginId, { scope: alice })
  startPlugin(pluginId, resolved)
  const filled = collectRefs(manifests[pluginId]).length
  console.log(`\n[alice] plugin "${pluginId}" loaded, ${filled} references filled in; for the log:`)
  // maskConfig re-renders the config as written with •••• for each reference:
  // it never sees a value, so it cannot print one.
  console.log(JSON.stringify(maskConfig(manifests[pluginId]), null, 2))
}

console.log('\nAudit trail (never a value):')
for (const e of audit.events) {
  const version = e.version === null ? '' : ` v${e.version}`
  console.log(
    `  ${e.action} ${e.name}${version} by ${e.accessor} for ${e.scope.user}: ${e.outcome}, used at ${e.usedAt?.join(', ')}`,
  )
}

try {
  await loadConfig('github', { scope: bob })
} catch (error) {
  if (!PluginMissingSecretsError.isInstance(error)) throw error
  console.log(`\n[bob] ${error.message}`)
  console.log(`  fix: secrets.scope(bob).set('${error.plugins[0]?.missing[0]?.name}', …)`)
}
