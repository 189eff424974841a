import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { extname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Options } from 'tsup'
import { packageBuild } from '../../tsup.base'

/** Where `vite build` writes the page (ui/vite.config.ts). */
const PAGE_DIR = fileURLToPath(new URL('build/ui', import.meta.url))
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
}

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* files(path)
    else yield path
  }
}

/**
 * `virtual:dashboard-page`: the files `vite build` wrote, as one module of
 * strings, so the page ships inside the package's JavaScript (no file reads
 * at run time, safe to bundle).
 */
const embedPage: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'embed-dashboard-page',
  setup(build) {
    build.onResolve({ filter: /^virtual:dashboard-page$/ }, () => ({
      path: 'dashboard-page',
      namespace: 'dashboard-page',
    }))
    build.onLoad({ filter: /.*/, namespace: 'dashboard-page' }, () => {
      const page = [...files(PAGE_DIR)].sort().map((file) => {
        const type = TYPES[extname(file)]
        if (!type) throw new Error(`the page has a file of unknown type: ${file}`)
        const body = readFileSync(file, 'utf8')
        const path = relative(PAGE_DIR, file).split('\\').join('/')
        const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`
        return { path, contentType: type, body, etag, immutable: path.startsWith('assets/') }
      })
      if (!page.some((file) => file.path === 'index.html'))
        throw new Error(`no index.html in ${PAGE_DIR}: run vite build first`)
      return { contents: `export default ${JSON.stringify(page)}`, loader: 'js' }
    })
  },
}

export default packageBuild({ index: 'src/index.ts' }, { esbuildPlugins: [embedPage] })
