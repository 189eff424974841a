/**
 * Makes a page's program runnable: the module a reader would get by pasting
 * the blocks into one file, plus an export of its top-level bindings so that
 * a test can look at what the walk produced.
 * @module
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { extractCode } from './markdown.js'
import { repoRoot } from './pages.js'
import { buildProgram, type PageProgram } from './program.js'

/** The names a page's code declares at the top level (variables, functions, classes). */
export function topLevelBindings(code: string): string[] {
  const sourceFile = ts.createSourceFile('page.ts', code, ts.ScriptTarget.Latest, true)
  const names: string[] = []
  const addBinding = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) names.push(name.text)
    else
      for (const element of name.elements)
        if (!ts.isOmittedExpression(element)) addBinding(element.name)
  }
  for (const statement of sourceFile.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) addBinding(declaration.name)
    } else if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) &&
      statement.name
    ) {
      names.push(statement.name.text)
    }
  }
  return names
}

/** A page's program with its bindings exported. */
export function runnableProgram(page: string): PageProgram {
  const extracted = extractCode(readFileSync(join(repoRoot, page), 'utf8'))
  const plain = buildProgram(page, extracted)
  if (plain.problems.length > 0) {
    throw new Error(
      plain.problems.map((problem) => `${page}:${problem.line} ${problem.message}`).join('\n'),
    )
  }
  const names = topLevelBindings(plain.text)
  return buildProgram(page, extracted, names.length > 0 ? [`export { ${names.join(', ')} }`] : [])
}
