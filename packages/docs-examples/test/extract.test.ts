import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { extractCode, isTypeScript } from '../src/markdown.js'
import { buildProgram, countChunks } from '../src/program.js'
import {
  formatFinding,
  generatedDir,
  type TypecheckResult,
  typecheckPrograms,
} from '../src/typecheck.js'

const md = (...lines: string[]) => lines.join('\n')

describe('extractCode', () => {
  it('takes ```ts and ```typescript blocks with the line of their first code line', () => {
    const { chunks, problems } = extractCode(
      md(
        '# Title', //                          1
        '```ts', //                            2
        'const a = 1', //                      3
        '```', //                              4
        '```sh', //                            5
        'echo not typescript', //              6
        '```', //                              7
        '```typescript', //                    8
        'const b = a + 1', //                  9
        'const c = b', //                      10
        '```', //                              11
        '```tsx', //                           12
        'const d = <b />', //                  13
        '```', //                              14
      ),
    )
    expect(problems).toEqual([])
    expect(chunks.map((chunk) => [chunk.kind, chunk.line, chunk.code])).toEqual([
      ['block', 3, 'const a = 1'],
      ['block', 9, 'const b = a + 1\nconst c = b'],
    ])
  })

  it('marks ```ts nocheck blocks as opted out', () => {
    const { chunks } = extractCode(md('```ts nocheck', 'interface X { a, b }', '```'))
    expect(chunks).toHaveLength(1)
    expect(chunks[0]?.nocheck).toBe(true)
    expect(countChunks({ chunks })).toEqual({ checked: 0, nocheck: 1, preludes: 0 })
  })

  it('removes the indentation of a fence inside a list item', () => {
    const { chunks } = extractCode(
      md('- step', '', '   ```ts', '   const a = 1', '     .toString()', '   ```'),
    )
    expect(chunks[0]).toMatchObject({ line: 4, indent: 3, code: 'const a = 1\n  .toString()' })
  })

  it('does not end a block at a shorter fence or at a fence of the other character', () => {
    const { chunks } = extractCode(
      md('````ts', 'const a = `', '```', '~~~', '`', '````', '```ts', 'const b = 2', '```'),
    )
    expect(chunks.map((chunk) => chunk.code)).toEqual(['const a = `\n```\n~~~\n`', 'const b = 2'])
  })

  it('ignores TypeScript shown inside a block of another language', () => {
    const { chunks } = extractCode(md('````md', '```ts', 'const a = 1', '```', '````'))
    expect(chunks).toEqual([])
  })

  it('reports an unclosed ```ts fence', () => {
    const { chunks, problems } = extractCode(md('text', '```ts', 'const a = 1'))
    expect(chunks).toEqual([])
    expect(problems).toEqual([{ line: 2, message: 'the ```ts fence is never closed' }])
  })

  it('reads one-line and multi-line preludes in page order', () => {
    const { chunks } = extractCode(
      md(
        '<!-- prelude: declare const id: string -->', //  1
        '```ts', //                                       2
        'id.length', //                                   3
        '```', //                                         4
        '<!-- prelude', //                                5
        'declare const n: number', //                     6
        '-->', //                                         7
        '<!-- an ordinary comment -->', //                8
      ),
    )
    expect(chunks.map((chunk) => [chunk.kind, chunk.line, chunk.code.trim()])).toEqual([
      ['prelude', 1, 'declare const id: string'],
      ['block', 3, 'id.length'],
      ['prelude', 6, 'declare const n: number'],
    ])
  })

  it('recognises TypeScript info strings only', () => {
    expect(['ts', 'TS', 'typescript', 'ts nocheck'].map(isTypeScript)).toEqual([
      true,
      true,
      true,
      true,
    ])
    expect(['', 'sh', 'json', 'text', 'tsx', 'ebnf'].map(isTypeScript)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ])
  })
})

describe('page programs', () => {
  it('concatenates the checked chunks in order and maps every code line back to the page', () => {
    const page = extractCode(
      md(
        '```ts',
        'const a = 1',
        '```',
        '```ts nocheck',
        'not code',
        '```',
        'text',
        '```ts',
        'const b = a',
        '```',
      ),
    )
    const program = buildProgram('docs/x.md', page)
    expect(program.text).not.toContain('not code')
    const mapped = program.text
      .split('\n')
      .map((text, index) => [text, program.lines[index]?.line ?? null])
      .filter(([, line]) => line !== null)
    expect(mapped).toEqual([
      ['const a = 1', 2],
      ['const b = a', 9],
    ])
    expect(program.text.trimEnd().endsWith('export {}')).toBe(true)
  })
})

describe('typecheckPrograms', () => {
  // Synthetic pages, compiled together once, as the real pages are.
  const pages: Record<string, string> = {
    'docs/broken.md': md(
      '# A page', //                                            1
      '```ts', //                                               2
      "import { SECRET_NAME_PATTERN } from '@secrets/core'", //  3
      'const ok: RegExp = SECRET_NAME_PATTERN', //               4
      '```', //                                                 5
      '', //                                                    6
      '  ```ts', //                                             7
      '  const n: number = ok', //                              8
      '  await rotate(newKey)', //                              9
      '  ```', //                                               10
    ),
    'docs/fine.md': md(
      '<!-- prelude: declare const accessor: string -->',
      '```ts',
      "import { createSecrets, memoryBackend, Keyring, generateMasterKey } from '@secrets/core'",
      "const keyring = Keyring.fromKeys({ primary: 'k1', keys: { k1: generateMasterKey() } })",
      'const secrets = createSecrets({ backend: memoryBackend(), keyring, audit: false })',
      'const shared = 1',
      '```',
      'Then, in a later block:',
      '```ts',
      "await secrets.scope({ tenant: 'acme' }).get('A', { accessor })",
      '```',
    ),
    'docs/other.md': md('```ts', 'const mine: number = shared', '```'),
    'docs/prelude.md': md(
      '<!-- prelude', //                 1
      "import './side-effect.js'", //    2
      'const x = 1', //                  3
      'declare const y: number', //      4
      "import type { Scope } from '@secrets/core'", // 5
      '-->',
    ),
    'docs/open.md': md('```ts', 'const a = 1'),
  }
  let result: TypecheckResult
  const findings = (page: string) => (result.byPage.get(page) ?? []).map(formatFinding)

  beforeAll(() => {
    result = typecheckPrograms(
      Object.entries(pages).map(([page, text]) => buildProgram(page, extractCode(text))),
      join(generatedDir, 'self-test'),
    )
  })

  it('reports a failing block with its page, line, column and the compiler message', () => {
    expect(result.global).toEqual([])
    expect(findings('docs/broken.md')).toEqual([
      "docs/broken.md:8:9 TS2322: Type 'RegExp' is not assignable to type 'number'.",
      "docs/broken.md:9:9 TS2304: Cannot find name 'rotate'.",
      "docs/broken.md:9:16 TS2304: Cannot find name 'newKey'.",
    ])
  })

  it('passes a page whose blocks form a valid program, fragments and preludes included', () => {
    expect(findings('docs/fine.md')).toEqual([])
  })

  it('keeps each page its own module: names do not leak between pages', () => {
    expect(findings('docs/other.md')).toEqual([
      "docs/other.md:2:22 TS2304: Cannot find name 'shared'.",
    ])
  })

  it('refuses a prelude that runs code', () => {
    const lines = (result.byPage.get('docs/prelude.md') ?? [])
      .filter((finding) => finding.code === 'prelude')
      .map((finding) => finding.line)
    expect(lines).toEqual([2, 3])
  })

  it('reports Markdown problems as findings', () => {
    expect(findings('docs/open.md')).toEqual([
      'docs/open.md:1:1 markdown: the ```ts fence is never closed',
    ])
  })
})
