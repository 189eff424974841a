/**
 * One page = one program: the checked blocks (and preludes) of a Markdown file,
 * concatenated in page order into one ES module, with a map from every line
 * of the module back to its line in the page.
 * @module
 */
import type { Chunk, MarkdownProblem } from './markdown.js'

/** Where a line of a generated module comes from. */
export interface SourceLine {
  /** 1-based line in the Markdown file. */
  line: number
  /** Columns the extraction removed from that line. */
  indent: number
  /** The chunk the line belongs to. */
  chunk: Chunk
}

/** The program of one page. */
export interface PageProgram {
  /** The page, relative to the repository root, with `/` separators. */
  page: string
  /** The module's text. */
  text: string
  /** `lines[i]`: where line `i` (0-based) of `text` comes from; null for generated lines. */
  lines: Array<SourceLine | null>
  /** Every chunk of the page, opted out ones included. */
  chunks: Chunk[]
  /** Markdown problems found while extracting. */
  problems: MarkdownProblem[]
}

/** Counts for the report. */
export interface PageCounts {
  checked: number
  nocheck: number
  preludes: number
}

export function countChunks(program: Pick<PageProgram, 'chunks'>): PageCounts {
  const blocks = program.chunks.filter((chunk) => chunk.kind === 'block')
  return {
    checked: blocks.filter((chunk) => !chunk.nocheck).length,
    nocheck: blocks.filter((chunk) => chunk.nocheck).length,
    preludes: program.chunks.filter((chunk) => chunk.kind === 'prelude').length,
  }
}

/**
 * Builds a page's module. `epilogue` lines are appended after the page's code
 * (generated, so they map to no page line); the module always ends with an
 * export so that it is a module even when the page has no import.
 */
export function buildProgram(
  page: string,
  extracted: { chunks: Chunk[]; problems: MarkdownProblem[] },
  epilogue: readonly string[] = [],
): PageProgram {
  const out: string[] = []
  const lines: Array<SourceLine | null> = []
  const generated = (text: string) => {
    out.push(text)
    lines.push(null)
  }
  generated(`// Generated from ${page} by @secrets/docs-examples: edit the page, not this file.`)
  for (const chunk of extracted.chunks) {
    if (chunk.nocheck) continue
    generated(`// ${page}:${chunk.line}${chunk.kind === 'prelude' ? ' (prelude)' : ''}`)
    chunk.code.split('\n').forEach((text, offset) => {
      out.push(text)
      lines.push({ line: chunk.line + offset, indent: chunk.indent, chunk })
    })
  }
  for (const text of epilogue) generated(text)
  generated('export {}')
  return {
    page,
    text: `${out.join('\n')}\n`,
    lines,
    chunks: extracted.chunks,
    problems: extracted.problems,
  }
}

/** The file name of a page's module: the page's path with `.ts` appended. */
export function moduleFileName(page: string): string {
  return `${page}.ts`
}
