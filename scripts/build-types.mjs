// Declarations of every built package, with one `tsc --build` over the
// packages/*/tsconfig.build.json projects (emitDeclarationOnly):
//
// 1. Deletes the previous declarations, then tsc writes dist/**/*.d.ts: the ESM
//    types, one file per source file, with the source's own relative imports.
//    It runs with --noCheck: `pnpm typecheck` checks the same sources.
// 2. Every .d.ts gets a .d.cts twin whose relative imports name .cjs files, so
//    that `require` resolves CommonJS types all the way down.
// 3. An entry built from a folder's index (tsup entry `testing:
//    'src/testing/index.ts'`, file dist/testing.js) gets dist/testing.d.ts and
//    .d.cts re-exporting dist/testing/index.
// 4. Fails if a types file named in a package.json is still missing.
//
// Usage: node scripts/build-types.mjs (from the repository root).
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => existsSync(join(dir, 'tsconfig.build.json')))

function* walk(dir, suffixes) {
  if (!existsSync(dir)) return
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(path, suffixes)
    else if (suffixes.some((suffix) => entry.name.endsWith(suffix))) yield path
  }
}

for (const dir of packages) {
  for (const file of walk(join(dir, 'dist'), ['.d.ts', '.d.cts', '.tsbuildinfo'])) rmSync(file)
}

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const projects = packages.map((dir) => relative(root, join(dir, 'tsconfig.build.json')))
execFileSync(process.execPath, [tsc, '--build', '--noCheck', ...projects], {
  cwd: root,
  stdio: 'inherit',
})

const RELATIVE_JS = /(\bfrom\s*|\bimport\s*\(\s*)(["'])(\.\.?\/[^"']+)\.js\2/g

/** Every `*.d.ts` / `*.d.cts` path a package.json names (exports, types). */
function typesFiles(pkg) {
  const files = new Set()
  const collect = (node) => {
    if (typeof node === 'string') {
      if (/\.d\.c?ts$/.test(node)) files.add(node)
    } else if (node && typeof node === 'object') {
      for (const value of Object.values(node)) collect(value)
    }
  }
  collect(pkg.exports)
  collect(pkg.types)
  return files
}

for (const dir of packages) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const named = typesFiles(pkg)
  for (const file of named) {
    const path = join(dir, file)
    if (!path.endsWith('.d.ts') || existsSync(path)) continue
    const index = join(path.slice(0, -'.d.ts'.length), 'index.d.ts')
    if (!existsSync(index)) continue
    const target = `./${relative(dirname(path), index).replace(/\.d\.ts$/, '.js')}`
    writeFileSync(path, `export * from '${target}'\n`)
  }
  for (const file of walk(join(dir, 'dist'), ['.d.ts'])) {
    const text = readFileSync(file, 'utf8').replace(RELATIVE_JS, '$1$2$3.cjs$2')
    writeFileSync(`${file.slice(0, -'.d.ts'.length)}.d.cts`, text)
  }
  const missing = [...named].filter((file) => !existsSync(join(dir, file)))
  if (missing.length > 0) {
    console.error(`${pkg.name}: types named in package.json are missing: ${missing.join(', ')}`)
    process.exitCode = 1
  }
}
