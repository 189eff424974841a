/**
 * The CLI on a real terminal: each test runs a shell script in a tmux pane
 * (its own tmux server), types with send-keys and reads the screen with
 * capture-pane.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateMasterKey } from '@secrets/core'
import { createSecretsFromEnv } from '@secrets/env'
import { afterAll, describe, expect, it } from 'vitest'
import {
  BIN,
  baseEnv,
  cli,
  type Env,
  expectFailure,
  expectSuccess,
  tempDir,
  testStore,
} from './_cli.js'

const { dir, remove } = tempDir('terminal')
const socket = `secrets-cli-${process.pid}`
afterAll(() => {
  try {
    tmux('kill-server')
  } catch {}
  remove()
})

function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'])
    return true
  } catch {
    if (process.env.CI) throw new Error('tmux must be installed in CI (.ci/run installs it)')
    console.log('[@secrets/cli] terminal tests skipped: tmux is not installed')
    return false
  }
}

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' })
}

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`

/** A tmux pane running `commands` (each followed by `echo EXIT=$?`) with `env`. */
class Terminal {
  private constructor(readonly name: string) {}

  static open(name: string, env: Env, commands: string[]): Terminal {
    const all = { ...baseEnv(), TERM: 'xterm-256color', ...env }
    const exports = Object.entries(all)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `export ${k}=${quote(v!)}`)
    const script = join(dir, `${name}.sh`)
    const lines = commands.map((c) => `${c}\necho "EXIT=$?"`)
    writeFileSync(script, [...exports, `cd ${quote(dir)}`, ...lines, 'sleep 3600', ''].join('\n'))
    tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '30', `bash ${quote(script)}`)
    return new Terminal(name)
  }

  /** The screen's text, trailing spaces trimmed (with colours as escape codes, when `escapes`). */
  screen(escapes = false): string {
    return tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', this.name)
  }

  /** Waits until the screen shows `text` `times` times (up to a minute, for a loaded machine). */
  async waitFor(text: string, times = 1): Promise<string> {
    const deadline = Date.now() + 60_000
    for (;;) {
      const screen = this.screen()
      if (screen.split(text).length > times) return screen
      if (Date.now() > deadline) throw new Error(`"${text}" never appeared:\n${screen}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  /** Types keys (tmux key names such as Enter or C-c are keys; `literal` text is typed as is). */
  type(literal: string, ...keys: string[]): void {
    if (literal) tmux('send-keys', '-t', this.name, '-l', literal)
    if (keys.length > 0) tmux('send-keys', '-t', this.name, ...keys)
  }
}

const secrets = `${quote(process.execPath)} ${quote(BIN)}`

describe.runIf(hasTmux())('secrets on a terminal (tmux)', () => {
  const store = testStore('sqlite', dir)
  const env = { ...store.env, SECRETS_SCOPE: 'tenant=tty' }

  it('set asks for the value at a hidden prompt: nothing typed shows, and it is stored', async () => {
    const typed = 'typed-v4lue-1b7e'
    const term = Terminal.open('prompt', env, [`${secrets} set TYPED --description typed`])
    await term.waitFor('Value for TYPED (input hidden):')
    term.type(typed, 'Enter')
    const screen = await term.waitFor('EXIT=0')
    expect(screen).toContain('TYPED: version 1 written')
    expect(screen).not.toContain(typed)
    expect(expectSuccess(await cli(['get', 'TYPED'], { env })).stdout).toBe(`${typed}\n`)
  })

  it('Ctrl-C at the prompt stores nothing and exits 130', async () => {
    const term = Terminal.open('cancel', env, [`${secrets} set CANCELLED`])
    await term.waitFor('(input hidden):')
    term.type('half-typed', 'C-c')
    const screen = await term.waitFor('EXIT=130')
    expect(screen).not.toContain('half-typed')
    expectFailure(await cli(['get', 'CANCELLED'], { env }), 2)
  })

  it('delete asks first: no keeps the secret, yes deletes it', async () => {
    expectSuccess(await cli(['set', 'ASKED'], { env, input: 'asked-value' }))
    const term = Terminal.open('delete', env, [
      `${secrets} delete ASKED`,
      `${secrets} delete ASKED`,
    ])
    await term.waitFor('Delete ASKED and all its versions from scope {"tenant":"tty"}? [y/N]')
    term.type('n', 'Enter')
    await term.waitFor('ASKED: not deleted')
    expectSuccess(await cli(['get', 'ASKED'], { env }))
    await term.waitFor('[y/N]', 2)
    term.type('y', 'Enter')
    await term.waitFor('ASKED: deleted')
    expectFailure(await cli(['get', 'ASKED'], { env }), 2)
  })

  it('doctor colours its marks on a terminal, and not under NO_COLOR', async () => {
    const coloured = Terminal.open('colour', env, [`${secrets} doctor`])
    await coloured.waitFor('EXIT=0')
    expect(coloured.screen(true)).toContain('\x1b[32mok')
    const plain = Terminal.open('plain', { ...env, NO_COLOR: '1' }, [`${secrets} doctor`])
    await plain.waitFor('EXIT=0')
    expect(plain.screen(true)).toContain('ok    environment')
    expect(plain.screen(true)).not.toContain('\x1b[32m')
  })
  it('rekey draws a progress bar with done/total, rate and ETA', async () => {
    const oldKey = store.env.SECRETS_MASTER_KEY!
    const { secrets: store2, close } = await createSecretsFromEnv({
      ...store.env,
      SECRETS_AUDIT: 'off',
    })
    for (let i = 0; i < 30; i++) await store2.scope({ tenant: 'bar' }).set(`B${i}`, `b${i}`)
    await close()
    const rotated = {
      ...env,
      SECRETS_MASTER_KEY: undefined,
      SECRETS_MASTER_KEYS: `old:${oldKey},new:${generateMasterKey()}`,
      SECRETS_PRIMARY_KEY_ID: 'new',
    }
    const term = Terminal.open('rekey', rotated, [`${secrets} rekey --batch-size 5`])
    const screen = await term.waitFor('EXIT=0')
    expect(screen).toMatch(/rekey █{24} \d+\/\d+ 100% {2}\d+\/s {2}ETA 0s/)
    expect(screen).toMatch(/^rekey: \d+ records, \d+ rewrapped; every record is under key new/m)
  })
})
