/**
 * Finds the TypeScript in a Markdown file: fenced blocks whose info string
 * starts with `ts` or `typescript`, and hidden preludes.
 *
 * - A block is checked unless its info string also says `nocheck`
 *   (```` ```ts nocheck ````): the opt-out for a signature sketch or pseudo
 *   code, which is counted and reported.
 * - A prelude is an HTML comment that GitHub does not render, for names the
 *   reader owns and the page does not build (a logger, a registry):
 *
 *   ```md
 *   <!-- prelude
 *   declare const logger: { info(data: object, message: string): void }
 *   -->
 *   ```
 *
 *   or on one line: `<!-- prelude: declare const id: string -->`. It may only
 *   declare (checked in `checkPrelude`), never run code.
 * @module
 */

/** One piece of a page's TypeScript, in page order. */
export interface Chunk {
  /** `block`: a fenced block; `prelude`: a hidden declaration comment. */
  kind: 'block' | 'prelude'
  /** The code, fence indentation removed. */
  code: string
  /** 1-based line in the Markdown file of the code's first line. */
  line: number
  /** Columns removed from the start of every line (the fence's indentation). */
  indent: number
  /** For blocks: the info string as written (`ts`, `ts nocheck`, `typescript`). */
  info: string
  /** For blocks: whether the block opted out of checking. */
  nocheck: boolean
}

/** A Markdown problem that makes the page's code unreadable, such as an unclosed fence. */
export interface MarkdownProblem {
  line: number
  message: string
}

/** What a page holds. */
export interface PageCode {
  chunks: Chunk[]
  problems: MarkdownProblem[]
}

const TS_LANGUAGES = new Set(['ts', 'typescript'])
const OPEN_FENCE = /^( *)(`{3,}|~{3,})(.*)$/
const PRELUDE_START = /^ *<!--\s*prelude\b:?/

/** Whether an info string names TypeScript. */
export function isTypeScript(info: string): boolean {
  const lang = info.trim().split(/\s+/)[0] ?? ''
  return TS_LANGUAGES.has(lang.toLowerCase())
}

/** Splits Markdown into its TypeScript chunks (blocks and preludes), in order. */
export function extractCode(markdown: string): PageCode {
  const lines = markdown.split(/\r?\n/)
  const chunks: Chunk[] = []
  const problems: MarkdownProblem[] = []

  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] as string
    const open = OPEN_FENCE.exec(text)
    if (open) {
      const indent = (open[1] as string).length
      const fence = open[2] as string
      const info = (open[3] as string).trim()
      // A backtick fence's info string cannot hold a backtick (CommonMark):
      // this is inline code at the start of a line, not a fence.
      if (fence[0] === '`' && info.includes('`')) continue
      const close = new RegExp(`^ *${fence[0] === '`' ? '`' : '~'}{${fence.length},} *$`)
      let end = i + 1
      while (end < lines.length && !close.test(lines[end] as string)) end++
      if (end === lines.length) {
        if (isTypeScript(info)) {
          problems.push({ line: i + 1, message: `the \`\`\`${info} fence is never closed` })
        }
        break
      }
      if (isTypeScript(info)) {
        const body = lines.slice(i + 1, end).map((line) => dedent(line, indent))
        chunks.push({
          kind: 'block',
          code: body.join('\n'),
          line: i + 2,
          indent,
          info,
          nocheck: info.split(/\s+/).slice(1).includes('nocheck'),
        })
      }
      i = end
      continue
    }

    const prelude = PRELUDE_START.exec(text)
    if (prelude) {
      const rest = text.slice(prelude[0].length)
      const sameLine = rest.indexOf('-->')
      if (sameLine !== -1) {
        chunks.push(preludeChunk(rest.slice(0, sameLine), i + 1, prelude[0].length))
        continue
      }
      let end = i + 1
      while (end < lines.length && !(lines[end] as string).includes('-->')) end++
      if (end === lines.length) {
        problems.push({ line: i + 1, message: 'the prelude comment is never closed with -->' })
        break
      }
      const last = lines[end] as string
      const body = [...lines.slice(i + 1, end), last.slice(0, last.indexOf('-->'))]
      // Code on the opening line, after `prelude:`, belongs to it too.
      if (rest.trim() !== '') chunks.push(preludeChunk(rest, i + 1, prelude[0].length))
      chunks.push(preludeChunk(body.join('\n'), i + 2, 0))
      i = end
    }
  }
  return { chunks, problems }
}

function preludeChunk(code: string, line: number, indent: number): Chunk {
  return { kind: 'prelude', code, line, indent, info: '', nocheck: false }
}

/** Removes up to `indent` leading spaces (the fence's own indentation, CommonMark). */
function dedent(line: string, indent: number): string {
  let cut = 0
  while (cut < indent && line[cut] === ' ') cut++
  return line.slice(cut)
}
