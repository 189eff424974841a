/**
 * Serving the operator's page (`@secrets/dashboard`) at `uiPath`: its files
 * from memory, gzipped once on first use, with the strict
 * Content-Security-Policy the page is built for. Internal.
 * @module
 */

import type { OpenAPIHono } from '@hono/zod-openapi'
import type { DashboardFile } from '@secrets/dashboard'
import type { Context } from 'hono'
import type { ApiEnv } from './_guard.js'

/** One file as served: its bytes, and their gzip once asked for. */
interface ServedFile {
  readonly file: DashboardFile
  readonly bytes: Uint8Array
  gzip?: Promise<Uint8Array>
}

/** The page's files by path, and the headers of every response of the page. */
async function loadPage(apiBasePath: string) {
  const { DASHBOARD_CSP, dashboardFiles } = await import('@secrets/dashboard')
  const encoder = new TextEncoder()
  const files = new Map<string, ServedFile>()
  for (const file of dashboardFiles({ apiBasePath }))
    files.set(file.path, { file, bytes: encoder.encode(file.body) })
  const headers = {
    'Content-Security-Policy': DASHBOARD_CSP,
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  }
  return { files, headers }
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

/**
 * Whether the client takes gzip: by `Accept-Encoding`, where an explicit
 * `gzip` wins over `*`, and a zero q-value refuses (RFC 9110, 12.5.3).
 */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false
  const q = new Map<string, number>()
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase())
    const weight = params.find((p) => p.startsWith('q='))
    q.set(coding, weight === undefined ? 1 : Number(weight.slice(2)))
  }
  return (q.get('gzip') ?? q.get('*') ?? 0) > 0
}

/** Whether `If-None-Match` holds `etag` (weak comparison) or `*`: then 304. */
function unchanged(header: string | undefined, etag: string): boolean {
  return !!header?.split(',').some((tag) => {
    const t = tag.trim()
    return t === '*' || t.replace(/^W\//, '') === etag
  })
}

/**
 * Registers `GET uiPath` (a redirect to `uiPath/`), `GET uiPath/` and the
 * page's assets. Outside `basePath`, so the guard does not run: the page is
 * public, the API calls it makes are not.
 */
export function serveDashboard(app: OpenAPIHono<ApiEnv>, uiPath: string, apiBasePath: string) {
  let loaded: ReturnType<typeof loadPage> | undefined
  const respond = async (c: Context<ApiEnv>, path: string) => {
    loaded ??= loadPage(apiBasePath) // on first use: the API alone never loads the page
    const { files, headers } = await loaded
    const served = files.get(path)
    if (!served) return c.body('Not found', 404, { ...headers, 'Content-Type': 'text/plain' })
    const { file } = served
    const zipped = acceptsGzip(c.req.header('Accept-Encoding'))
    // Each encoding is a representation of its own, with an entity tag of its own.
    const etag = zipped ? `${file.etag.slice(0, -1)}-gzip"` : file.etag
    const common = {
      ...headers,
      ETag: etag,
      Vary: 'Accept-Encoding',
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    }
    if (unchanged(c.req.header('If-None-Match'), etag)) return c.body(null, 304, common)
    if (!zipped) {
      return c.body(served.bytes as Uint8Array<ArrayBuffer>, 200, {
        ...common,
        'Content-Type': file.contentType,
      })
    }
    served.gzip ??= gzip(served.bytes)
    return c.body((await served.gzip) as Uint8Array<ArrayBuffer>, 200, {
      ...common,
      'Content-Type': file.contentType,
      'Content-Encoding': 'gzip',
    })
  }
  app.get(uiPath, (c) => c.redirect(`${uiPath}/`, 308))
  app.get(`${uiPath}/`, (c) => respond(c, 'index.html'))
  app.get(`${uiPath}/assets/:file`, (c) => respond(c, `assets/${c.req.param('file')}`))
}
