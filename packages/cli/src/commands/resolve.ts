/**
 * `secrets resolve FILE`: prints a JSON or YAML config with every reference
 * resolved (one batched read); `--check` lists the references and which are
 * missing, reading no value.
 * @module
 */
import {
  type ConfigReference,
  collectRefs,
  type MissingSecret,
  MissingSecretError,
  resolveConfig,
  type ScopedSecrets,
} from '@secrets/core'
import type { Command } from 'commander'
import { stringify } from 'yaml'
import { readConfigFile } from '../_config-file.js'
import {
  type AccessFlags,
  context,
  type StoreFlags,
  withStore,
  withStoreOptions,
} from '../_context.js'
import { examples } from '../_help.js'
import { printColumns, printJson } from '../_output.js'

interface ResolveFlags extends StoreFlags {
  check?: boolean
  json?: boolean
}

const PAGE = 1000

/** Registers `resolve`. */
export function registerResolve(program: Command): void {
  withStoreOptions(program.command('resolve'))
    .summary('print a JSON/YAML config with its references resolved, or --check them')
    .description(
      'print a JSON or YAML config with every ${SECRET:NAME} and secret:NAME reference resolved; with --check, list the references and which are missing, without reading any value',
    )
    .argument('<file>', 'the config file (.json, else YAML)')
    .option('--check', 'list the references and whether each exists; print no value')
    .option('--json', 'print JSON (the resolved config, or with --check the references)')
    .addHelpText(
      'after',
      examples(
        'secrets resolve plugins.yaml --scope tenant=acme,user=alice --reason "start plugins"',
        'secrets resolve --check mcp.json --scope tenant=acme',
      ),
    )
    .action(async (file: string, flags: ResolveFlags) => {
      const { config, format } = readConfigFile(file)
      const refs = collectRefs(config)
      await withStore(flags, async ({ scoped, access }) => {
        if (flags.check) return check(scoped, access, refs, flags.json === true)
        const resolved = await resolveConfig(config, { secrets: scoped, ...context(access) })
        if (flags.json || format === 'json') printJson(resolved)
        else process.stdout.write(stringify(resolved))
      })
    })
}

/** Which references exist: one walk of the scope's names, plus `versions` for pinned ones. */
async function check(
  scoped: ScopedSecrets,
  access: AccessFlags,
  refs: readonly ConfigReference[],
  json: boolean,
): Promise<void> {
  const names = new Set<string>()
  let cursor: string | undefined
  do {
    const page = await scoped.list({
      ...context(access),
      limit: PAGE,
      ...(cursor === undefined ? {} : { cursor }),
    })
    for (const item of page.items) names.add(item.name)
    cursor = page.cursor ?? undefined
  } while (cursor !== undefined)
  const pinned = new Map<string, Set<number>>()
  for (const name of new Set(
    refs.filter((r) => r.version !== undefined && names.has(r.name)).map((r) => r.name),
  )) {
    const versions = await scoped.versions(name, context(access))
    pinned.set(name, new Set(versions.map((v) => v.version)))
  }
  const found = (r: ConfigReference) =>
    r.version === undefined ? names.has(r.name) : pinned.get(r.name)?.has(r.version) === true
  const rows = refs.map((r) => ({ ...r, found: found(r) }))
  if (json) printJson(rows)
  else if (rows.length === 0) process.stderr.write('no secret references\n')
  else {
    printColumns([
      ['STATUS', 'SECRET', 'AT'],
      ...rows.map((r) => [
        r.found ? 'ok' : r.required ? 'missing' : 'missing (optional)',
        `${r.name}${r.version === undefined ? '' : `@${r.version}`}${r.field === undefined ? '' : `#${r.field}`}`,
        r.path,
      ]),
    ])
  }
  const missing = new Map<string, MissingSecret>()
  for (const r of rows) {
    if (r.found || !r.required) continue
    const key = `${r.name}@${r.version ?? ''}`
    const entry = missing.get(key) ?? {
      name: r.name,
      ...(r.version === undefined ? {} : { version: r.version }),
      paths: [],
    }
    entry.paths.push(r.path)
    missing.set(key, entry)
  }
  if (missing.size > 0) throw new MissingSecretError([...missing.values()])
}
