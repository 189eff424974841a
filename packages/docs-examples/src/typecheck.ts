/**
 * Type-checks page programs with the TypeScript compiler API, as one
 * compilation, with this package's tsconfig (the repository's strict base).
 * `@secrets/*` resolve through this package's workspace links to the built
 * packages (`dist` types), as a user's install would.
 * @module
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import ts from 'typescript'
import { packageDir } from './pages.js'
import { moduleFileName, type PageProgram } from './program.js'

/** One compiler (or prelude) message, placed in its page. */
export interface Finding {
  page: string
  /** 1-based line in the page; null when the message is about generated lines. */
  line: number | null
  /** 1-based column in the page. */
  column: number | null
  /** `TS2304`, or `prelude` / `markdown` for this package's own rules. */
  code: string
  message: string
}

/** What a compilation found. */
export interface TypecheckResult {
  /** Findings by page (every page passed in has an entry). */
  byPage: Map<string, Finding[]>
  /** Messages about the compilation itself (options, missing libraries). */
  global: string[]
  /** Where each page's module was written. */
  files: Map<string, string>
}

/** Where generated modules go (git-ignored). */
export const generatedDir = join(packageDir, '.generated')

/** Renders a finding as `page:line:column CODE: message`. */
export function formatFinding(finding: Finding): string {
  const where =
    finding.line === null ? finding.page : `${finding.page}:${finding.line}:${finding.column}`
  return `${where} ${finding.code}: ${finding.message}`
}

/** The compiler options of this package's tsconfig. */
export function compilerOptions(): ts.CompilerOptions {
  const configPath = join(packageDir, 'tsconfig.json')
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
      },
    },
  )
  if (!parsed) throw new Error(`cannot read ${configPath}`)
  return { ...parsed.options, noEmit: true }
}

/**
 * Writes each program to `<outDir>/<page>.ts` and type-checks them together.
 * `outDir` must be inside this package, so that imports resolve through its
 * `node_modules`.
 */
export function typecheckPrograms(
  programs: readonly PageProgram[],
  outDir: string = join(generatedDir, 'typecheck'),
): TypecheckResult {
  rmSync(outDir, { recursive: true, force: true })
  const files = new Map<string, string>()
  const pageOfFile = new Map<string, PageProgram>()
  for (const program of programs) {
    const file = join(outDir, moduleFileName(program.page))
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, program.text)
    files.set(program.page, file)
    pageOfFile.set(ts.sys.resolvePath(file), program)
  }

  const byPage = new Map<string, Finding[]>(
    programs.map((program) => [
      program.page,
      [...markdownFindings(program), ...preludeFindings(program)],
    ]),
  )
  const compilation = ts.createProgram({
    rootNames: [...files.values()],
    options: compilerOptions(),
  })
  const global = [
    ...compilation.getOptionsDiagnostics(),
    ...compilation.getGlobalDiagnostics(),
  ].map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
  for (const sourceFile of compilation.getSourceFiles()) {
    const program = pageOfFile.get(ts.sys.resolvePath(sourceFile.fileName))
    if (!program) continue
    const diagnostics = [
      ...compilation.getSyntacticDiagnostics(sourceFile),
      ...compilation.getSemanticDiagnostics(sourceFile),
    ]
    const findings = byPage.get(program.page) as Finding[]
    for (const diagnostic of diagnostics) findings.push(toFinding(program, sourceFile, diagnostic))
  }
  for (const [page, file] of files) {
    if (!compilation.getSourceFile(file)) global.push(`${page}: the compiler did not load ${file}`)
  }
  return { byPage, global, files }
}

function toFinding(
  program: PageProgram,
  sourceFile: ts.SourceFile,
  diagnostic: ts.Diagnostic,
): Finding {
  let message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
  const code = `TS${diagnostic.code}`
  // A package's types are missing: most often it is not built yet.
  if ((diagnostic.code === 2307 || diagnostic.code === 7016) && message.includes("'@secrets/")) {
    message += ' (are the packages built? run pnpm build)'
  }
  if (diagnostic.start === undefined)
    return { page: program.page, line: null, column: null, code, message }
  const at = sourceFile.getLineAndCharacterOfPosition(diagnostic.start)
  const source = program.lines[at.line]
  if (!source) {
    return {
      page: program.page,
      line: null,
      column: null,
      code,
      message: `${message} (in generated code)`,
    }
  }
  return {
    page: program.page,
    line: source.line,
    column: at.character + 1 + source.indent,
    code,
    message,
  }
}

function markdownFindings(program: PageProgram): Finding[] {
  return program.problems.map((problem) => ({
    page: program.page,
    line: problem.line,
    column: 1,
    code: 'markdown',
    message: problem.message,
  }))
}

/**
 * A prelude may only declare: `declare …`, `interface`, `type`, `import type`.
 * Code that runs belongs in a visible block, where the reader sees it.
 */
export function preludeFindings(program: Pick<PageProgram, 'page' | 'chunks'>): Finding[] {
  const findings: Finding[] = []
  for (const chunk of program.chunks) {
    if (chunk.kind !== 'prelude') continue
    const sourceFile = ts.createSourceFile('prelude.ts', chunk.code, ts.ScriptTarget.Latest, true)
    for (const statement of sourceFile.statements) {
      if (declaresOnly(statement)) continue
      const at = sourceFile.getLineAndCharacterOfPosition(statement.getStart(sourceFile))
      findings.push({
        page: program.page,
        line: chunk.line + at.line,
        column: at.character + 1 + (at.line === 0 ? chunk.indent : 0),
        code: 'prelude',
        message:
          'a prelude may only declare (declare, interface, type, import type); show code that runs in a ```ts block',
      })
    }
  }
  return findings
}

function declaresOnly(statement: ts.Statement): boolean {
  if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) return true
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause
    if (!clause) return false // a side-effect import runs code
    if (clause.isTypeOnly) return true
    const bindings = clause.namedBindings
    return (
      clause.name === undefined &&
      bindings !== undefined &&
      ts.isNamedImports(bindings) &&
      bindings.elements.every((element) => element.isTypeOnly)
    )
  }
  return (
    ts.canHaveModifiers(statement) &&
    (ts.getModifiers(statement) ?? []).some(
      (modifier) => modifier.kind === ts.SyntaxKind.DeclareKeyword,
    )
  )
}
