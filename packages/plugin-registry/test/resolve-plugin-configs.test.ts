// biome-ignore-all lint/suspicious/noTemplateCurlyInString: placeholders are what these tests are about
import { InvalidArgumentError, InvalidConfigError } from '@secrets/core'
import { beforeEach, describe, expect, it } from 'vitest'
import { PluginMissingSecretsError, resolvePluginConfigs } from '../src/index.js'
import { ALICE, BOB, expectNoValue, type Fixture, fixture, rejection } from './_fixture.js'

const PLUGINS = [
  {
    id: 'slack',
    enabled: true,
    config: { token: 'secret:SLACK_TOKEN', again: '${SECRET:SLACK_TOKEN}' },
  },
  { id: 'github-mcp', enabled: false, config: { env: { GITHUB_TOKEN: '${SECRET:GITHUB_TOKEN}' } } },
  { id: 'both', enabled: true, config: ['${SECRET:SLACK_TOKEN}', 'secret:GITHUB_TOKEN', 42] },
]

describe('resolvePluginConfigs', () => {
  let f: Fixture
  beforeEach(async () => {
    f = await fixture()
  })

  it('per plugin (default): one read per plugin, each with its own accessor', async () => {
    const out = await resolvePluginConfigs(PLUGINS, { secrets: f.store.scope(ALICE) })
    expect(out).toEqual([
      {
        id: 'slack',
        enabled: true,
        config: { token: 'xoxb-alice-token', again: 'xoxb-alice-token' },
      },
      { id: 'github-mcp', enabled: false, config: { env: { GITHUB_TOKEN: 'ghp-alice-token' } } },
      { id: 'both', enabled: true, config: ['xoxb-alice-token', 'ghp-alice-token', 42] },
    ])
    expect(PLUGINS[0]).toEqual({
      id: 'slack',
      enabled: true,
      config: { token: 'secret:SLACK_TOKEN', again: '${SECRET:SLACK_TOKEN}' },
    })
    expect(f.getManyCalls.sort()).toEqual([1, 1, 2])
    expect(f.audit.batches).toBe(3)
    expect(f.audit.events.map((e) => [e.accessor, e.name, e.usedAt]).sort()).toEqual([
      ['plugin:both', 'GITHUB_TOKEN', ['[1]']],
      ['plugin:both', 'SLACK_TOKEN', ['[0]']],
      ['plugin:github-mcp', 'GITHUB_TOKEN', ['env.GITHUB_TOKEN']],
      ['plugin:slack', 'SLACK_TOKEN', ['token', 'again']],
    ])
  })

  it('shared: one backend call and one audit batch, the plugin named in each path', async () => {
    const out = await resolvePluginConfigs(PLUGINS, {
      secrets: f.store.scope(ALICE),
      read: 'shared',
      reason: 'boot',
    })
    expect(out.map((p) => p.config)).toEqual([
      { token: 'xoxb-alice-token', again: 'xoxb-alice-token' },
      { env: { GITHUB_TOKEN: 'ghp-alice-token' } },
      ['xoxb-alice-token', 'ghp-alice-token', 42],
    ])
    expect(f.getManyCalls).toEqual([2])
    expect(f.audit.batches).toBe(1)
    expect(f.audit.events).toMatchObject([
      {
        name: 'SLACK_TOKEN',
        accessor: 'plugin-registry',
        reason: 'boot',
        usedAt: ['slack.token', 'slack.again', 'both[0]'],
      },
      {
        name: 'GITHUB_TOKEN',
        accessor: 'plugin-registry',
        usedAt: ['["github-mcp"].env.GITHUB_TOKEN', 'both[1]'],
      },
    ])
    await resolvePluginConfigs(PLUGINS, {
      secrets: f.store.scope(ALICE),
      read: 'shared',
      accessor: 'host:gateway',
    })
    expect(f.audit.events.at(-1)?.accessor).toBe('host:gateway')
  })

  it.each(['per-plugin', 'shared'] as const)(
    '%s: one error naming every plugin with missing secrets',
    async (read) => {
      const error = await rejection(
        resolvePluginConfigs(PLUGINS, { secrets: f.store.scope(BOB), read }),
      )
      expect(PluginMissingSecretsError.isInstance(error)).toBe(true)
      const e = error as PluginMissingSecretsError
      expect(e.plugins).toEqual([
        { pluginId: 'slack', missing: [{ name: 'SLACK_TOKEN', paths: ['token', 'again'] }] },
        {
          pluginId: 'github-mcp',
          missing: [{ name: 'GITHUB_TOKEN', paths: ['env.GITHUB_TOKEN'] }],
        },
        {
          pluginId: 'both',
          missing: [
            { name: 'SLACK_TOKEN', paths: ['[0]'] },
            { name: 'GITHUB_TOKEN', paths: ['[1]'] },
          ],
        },
      ])
      expect(e.message).toBe(
        '3 plugins reference missing secrets: plugin "slack": SLACK_TOKEN (at token, again) | plugin "github-mcp": GITHUB_TOKEN (at env.GITHUB_TOKEN) | plugin "both": SLACK_TOKEN (at [0]); GITHUB_TOKEN (at [1])',
      )
      expect(e.missing.flatMap((m) => m.paths)).toEqual([
        'slack.token',
        'slack.again',
        '["github-mcp"].env.GITHUB_TOKEN',
        'both[0]',
        'both[1]',
      ])
    },
  )

  it('maps a root-string config and odd ids back to their plugin', async () => {
    const plugins = [
      { id: '__proto__', config: '${SECRET:NOPE}' },
      { id: 'a.b', config: { x: 'secret:SLACK_TOKEN' } },
    ]
    for (const read of ['per-plugin', 'shared'] as const) {
      const error = (await rejection(
        resolvePluginConfigs(plugins, { secrets: f.store.scope(ALICE), read }),
      )) as PluginMissingSecretsError
      expect(error.plugins).toEqual([
        { pluginId: '__proto__', missing: [{ name: 'NOPE', paths: ['(root)'] }] },
      ])
      expect(error.missing[0]?.paths).toEqual(['__proto__'])
    }
    const ok = [{ id: '__proto__', config: 'secret:SLACK_TOKEN' }]
    const out = await resolvePluginConfigs(ok, { secrets: f.store.scope(ALICE), read: 'shared' })
    expect(out).toEqual([{ id: '__proto__', config: 'xoxb-alice-token' }])
    expect(({} as Record<string, unknown>).config).toBeUndefined()
  })

  it('names the plugin in config errors and never shows a value', async () => {
    const plugins = [...PLUGINS, { id: 'bad', config: { a: '${SECRET:SLACK_TOKEN#field}' } }]
    const error = await rejection(resolvePluginConfigs(plugins, { secrets: f.store.scope(ALICE) }))
    expect(InvalidConfigError.isInstance(error)).toBe(true)
    expect((error as Error).message).toMatch(
      /^Plugin "bad": Secret "SLACK_TOKEN" used at a is not valid JSON/,
    )
    expectNoValue(error, 'xoxb-alice-token')
  })

  it('reads nothing for an empty list and checks its input', async () => {
    expect(await resolvePluginConfigs([], { secrets: f.store.scope(ALICE) })).toEqual([])
    expect(f.getManyCalls).toEqual([])
    const secrets = f.store.scope(ALICE)
    await expect(
      resolvePluginConfigs(
        [
          { id: 'a', config: {} },
          { id: 'a', config: {} },
        ],
        { secrets },
      ),
    ).rejects.toThrow('unique')
    await expect(resolvePluginConfigs([{ id: '', config: {} }], { secrets })).rejects.toThrow(
      InvalidArgumentError,
    )
    await expect(
      resolvePluginConfigs(PLUGINS, { secrets, read: 'batched' as unknown as 'shared' }),
    ).rejects.toThrow(InvalidArgumentError)
    await expect(resolvePluginConfigs({} as unknown as [], { secrets })).rejects.toThrow(
      InvalidArgumentError,
    )
    expect(f.getManyCalls).toEqual([])
  })
})
