/**
 * Every ```ts block of README.md, docs/**\/*.md and packages/*\/README.md,
 * type-checked against the built packages. A page's blocks form one program,
 * in page order: a later block may use what an earlier one defined.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { extractCode } from '../src/markdown.js'
import { findPages, repoRoot } from '../src/pages.js'
import { buildProgram, countChunks, type PageProgram } from '../src/program.js'
import { formatFinding, type TypecheckResult, typecheckPrograms } from '../src/typecheck.js'

/**
 * Blocks that opt out with ```ts nocheck, across all pages. Raising this is a
 * decision: a sketch that cannot compile is better written as ```text.
 */
const MAX_OPT_OUTS = 1

const programs: PageProgram[] = findPages()
  .map((page) => buildProgram(page, extractCode(readFileSync(join(repoRoot, page), 'utf8'))))
  .filter((program) => program.chunks.length > 0 || program.problems.length > 0)

const label = (program: PageProgram) => {
  const { checked, nocheck, preludes } = countChunks(program)
  const extra = [nocheck ? `${nocheck} nocheck` : '', preludes ? `${preludes} prelude` : '']
  return `${program.page}: ${checked} block${checked === 1 ? '' : 's'} checked${extra
    .filter(Boolean)
    .map((text) => `, ${text}`)
    .join('')}`
}

let result: TypecheckResult
beforeAll(() => {
  result = typecheckPrograms(programs)
})

describe('the TypeScript of the guides and READMEs', () => {
  // A guard on the extraction itself: these pages are the front door, and
  // checking nothing would pass.
  it('finds the pages that are known to hold TypeScript', () => {
    const pages = programs.filter((program) => countChunks(program).checked > 0).map((p) => p.page)
    for (const page of ['README.md', 'docs/getting-started.md', 'packages/core/README.md']) {
      expect(pages, `${page} has no checked TypeScript block`).toContain(page)
    }
  })

  it('compiles with no error outside the pages', () => {
    expect(result.global).toEqual([])
  })

  it(`opts out of checking in at most ${MAX_OPT_OUTS} block(s)`, () => {
    const optOuts = programs.flatMap((program) =>
      program.chunks
        .filter((chunk) => chunk.nocheck)
        .map((chunk) => `${program.page}:${chunk.line}`),
    )
    expect(optOuts.length, `opted out: ${optOuts.join(', ')}`).toBeLessThanOrEqual(MAX_OPT_OUTS)
  })

  it.each(programs.map((program) => [label(program), program] as const))('%s', (_, program) => {
    const findings = result.byPage.get(program.page) ?? []
    const file = result.files.get(program.page)
    expect(
      findings.map(formatFinding),
      `${program.page} does not compile as one program (generated module: ${file})`,
    ).toEqual([])
  })
})
