// biome-ignore-all lint/suspicious/noTemplateCurlyInString: placeholders are what these tests are about
import { InvalidArgumentError, InvalidConfigError, MissingSecretError } from '@secrets/core'
import { beforeEach, describe, expect, it } from 'vitest'
import { PluginMissingSecretsError, withSecretResolution } from '../src/index.js'
import { ALICE, BOB, expectNoValue, type Fixture, fixture, rejection } from './_fixture.js'

const CONFIGS: Record<string, unknown> = {
  slack: { channel: '#ops', token: 'secret:SLACK_TOKEN' },
  'github-mcp': {
    command: 'npx',
    args: ['-y', '@modelcontextprotocol/server-github'],
    env: { GITHUB_TOKEN: '${SECRET:GITHUB_TOKEN}', LOG: 'info' },
  },
  broken: { token: '${SECRET:}' },
}

describe('withSecretResolution', () => {
  let f: Fixture
  const loaded: string[] = []
  const loader = (id: string) => {
    loaded.push(id)
    return CONFIGS[id]
  }
  beforeEach(async () => {
    f = await fixture()
    loaded.length = 0
  })

  it('resolves each load for the scope of the call, audited as plugin:<id>', async () => {
    const load = withSecretResolution(loader, { secrets: f.store })
    const config = await load('github-mcp', { scope: ALICE })
    expect(config).toEqual({
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-github'],
      env: { GITHUB_TOKEN: 'ghp-alice-token', LOG: 'info' },
    })
    expect(JSON.stringify(CONFIGS['github-mcp'])).toContain('${SECRET:GITHUB_TOKEN}')
    expect(f.getManyCalls).toEqual([1])
    expect(f.audit.events).toMatchObject([
      {
        action: 'read',
        outcome: 'success',
        name: 'GITHUB_TOKEN',
        accessor: 'plugin:github-mcp',
        reason: 'load plugin config',
        scope: ALICE,
        usedAt: ['env.GITHUB_TOKEN'],
      },
    ])
  })

  it('takes the scope from a function and async loaders, and passes syntax options on', async () => {
    const load = withSecretResolution(
      async (id: string, ctx: { user: string }) => ({
        id,
        user: ctx.user,
        token: 'vault:SLACK_TOKEN',
      }),
      {
        secrets: f.store,
        scope: (ctx) => ({ tenant: 'acme', user: ctx.user }),
        reason: 'start',
        prefix: 'vault:',
      },
    )
    expect(await load('slack', { user: 'alice' })).toEqual({
      id: 'slack',
      user: 'alice',
      token: 'xoxb-alice-token',
    })
    expect(f.audit.events[0]).toMatchObject({ accessor: 'plugin:slack', reason: 'start' })
  })

  it('names the plugin, the missing secrets and their paths', async () => {
    const load = withSecretResolution(loader, { secrets: f.store })
    const error = await rejection(load('github-mcp', { scope: BOB }))
    expect(PluginMissingSecretsError.isInstance(error)).toBe(true)
    expect(MissingSecretError.isInstance(error)).toBe(true)
    const e = error as PluginMissingSecretsError
    expect(e.code).toBe('MISSING_SECRETS')
    expect(e.message).toBe(
      'Plugin "github-mcp" references 1 secret that is missing: GITHUB_TOKEN (at env.GITHUB_TOKEN)',
    )
    expect(e.plugins).toEqual([
      { pluginId: 'github-mcp', missing: [{ name: 'GITHUB_TOKEN', paths: ['env.GITHUB_TOKEN'] }] },
    ])
    expect(e.missing).toEqual([
      { name: 'GITHUB_TOKEN', paths: ['["github-mcp"].env.GITHUB_TOKEN'] },
    ])
    expect(f.audit.events).toMatchObject([
      { outcome: 'not_found', accessor: 'plugin:github-mcp', scope: BOB },
    ])
  })

  it('names the plugin in config errors', async () => {
    const load = withSecretResolution(loader, { secrets: f.store })
    const error = await rejection(load('broken', { scope: ALICE }))
    expect(InvalidConfigError.isInstance(error)).toBe(true)
    expect((error as InvalidConfigError).path).toBe('token')
    expect((error as Error).message).toBe(
      'Plugin "broken": Invalid secret reference at token: expected a secret name at offset 9, found "}"',
    )
  })

  it('never puts a value in an error', async () => {
    const load = withSecretResolution(
      () => ({ a: 'secret:SLACK_TOKEN', b: '${SECRET:SLACK_TOKEN#x}' }),
      {
        secrets: f.store,
      },
    )
    const error = await rejection(load('slack', { scope: ALICE }))
    expect(InvalidConfigError.isInstance(error)).toBe(true)
    expectNoValue(error, 'xoxb-alice-token', 'xoxb')
  })

  it('checks the plugin id before loading, and the context scope', async () => {
    const load = withSecretResolution(loader, { secrets: f.store })
    for (const id of ['', 'x'.repeat(129), 'a\nb', 3 as unknown as string]) {
      await expect(load(id, { scope: ALICE })).rejects.toThrow(InvalidArgumentError)
    }
    expect(loaded).toEqual([])
    const error = await rejection(load('slack', {} as { scope: typeof ALICE }))
    expect(InvalidArgumentError.isInstance(error)).toBe(true)
    expect((error as Error).message).toContain('has no "scope"')
  })

  it('fails fast on unusable arguments', () => {
    expect(() =>
      withSecretResolution(undefined as unknown as typeof loader, { secrets: f.store }),
    ).toThrow(InvalidArgumentError)
    expect(() => withSecretResolution(loader, { secrets: {} as typeof f.store })).toThrow(
      InvalidArgumentError,
    )
    expect(() =>
      withSecretResolution(loader, {
        secrets: f.store,
        scope: 'x' as unknown as () => typeof ALICE,
      }),
    ).toThrow(InvalidArgumentError)
  })
})
