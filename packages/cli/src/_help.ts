/**
 * Help text pieces: examples under a command's `--help`.
 * @module
 */

/** An "Examples:" section for `addHelpText('after', …)`. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => (line.startsWith('#') ? `  ${line}` : `  $ ${line}`)).join('\n')}\n`
}
