/**
 * Reading a value the way that keeps it out of shell history and `ps`: piped
 * on stdin, or typed at a hidden prompt when stdin is a terminal; and yes/no
 * questions. Prompts are written to stderr, so stdout stays the result.
 * @module
 */
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { CliError, EXIT } from './_errors.js'

const cancelled = () => new CliError(EXIT.interrupted, 'cancelled')

/**
 * Asks one line on the terminal. With `hidden`, nothing typed is echoed:
 * readline runs in terminal mode (raw input, line editing) over an output that
 * discards everything, and the prompt itself goes to stderr.
 * @throws {CliError} exit 130 on Ctrl-C or Ctrl-D
 */
function ask(question: string, hidden: boolean): Promise<string> {
  const output = hidden
    ? new Writable({ write: (_chunk, _encoding, done) => done() })
    : process.stderr
  const rl = createInterface({ input: process.stdin, output, terminal: true })
  if (hidden) process.stderr.write(question)
  return new Promise((resolve, reject) => {
    let answered = false
    rl.on('SIGINT', () => rl.close())
    rl.on('close', () => {
      if (hidden) process.stderr.write('\n')
      if (!answered) reject(cancelled())
    })
    rl.question(hidden ? '' : question, (answer) => {
      answered = true
      rl.close()
      resolve(answer)
    })
  })
}

/** Reads all of stdin as UTF-8. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * The value to write: typed at a hidden prompt when stdin is a terminal,
 * else all of stdin with one trailing newline removed (`echo v |` adds one).
 * @throws {CliError} usage (exit 1) for an empty value: an empty pipe is most often a mistake
 */
export async function readSecretValue(name: string): Promise<string> {
  const value = process.stdin.isTTY
    ? await ask(`Value for ${name} (input hidden): `, true)
    : (await readStdin()).replace(/\r?\n$/, '')
  if (value === '') {
    throw new CliError(
      EXIT.usage,
      `no value for ${name}: pipe it on stdin (printf %s "$VALUE" | secrets set ${name}) or type it at the prompt`,
    )
  }
  return value
}

/**
 * Asks a yes/no question on the terminal; only `y` or `yes` is yes.
 * @throws {CliError} usage (exit 1) when stdin is not a terminal: pass `yesFlag` instead
 */
export async function confirm(question: string, yesFlag: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new CliError(
      EXIT.usage,
      `stdin is not a terminal, so nobody can confirm: pass ${yesFlag}`,
    )
  }
  const answer = await ask(`${question} [y/N] `, false)
  return /^y(es)?$/i.test(answer.trim())
}
