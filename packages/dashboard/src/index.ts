/**
 * `@secrets/dashboard`: the operator's page of an `@secrets/http` API, built
 * into static files that ship inside this module. `createSecretsApi({ ui: true })`
 * serves them; this module is for serving them some other way.
 * @module
 */
import page from 'virtual:dashboard-page'

/** One file of the page. Every file is text (HTML, JavaScript, CSS). */
export interface DashboardFile {
  /** Its path under the page's root: `index.html`, `assets/index-3f9a1c.js`. */
  readonly path: string
  /** The `Content-Type` to serve it with. */
  readonly contentType: string
  /** The file's text. */
  readonly body: string
  /** A strong entity tag of `body`, quoted (`"…"`). */
  readonly etag: string
  /** Whether its name carries a hash of its content, so it can be cached for good. */
  readonly immutable: boolean
}

/** Options of {@link dashboardFiles}. */
export interface DashboardFilesOptions {
  /** Where the API's routes live, as its `basePath` (`/secrets`): the page calls only these. */
  apiBasePath: string
}

/**
 * The Content-Security-Policy the page is built for: scripts, styles and API
 * calls from its own origin only, no inline script or style, no framing, no
 * form posts anywhere. Serve every file of the page with it.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

const API_BASE_META = '<meta name="secrets-api-base" content="/secrets" />'
const PATH = /^(?:\/[A-Za-z0-9._~-]+)+$/

/**
 * The page's files, `index.html` pointed at the API under `apiBasePath`. Serve
 * them under one path ending in `/` (`/ui/`, `/ui/assets/…`): the page refers
 * to its assets relatively.
 * @param options where the API lives
 * @returns `index.html` and its assets
 * @throws {TypeError} when `apiBasePath` is not a path such as `/secrets`
 * @example
 * ```ts
 * const files = dashboardFiles({ apiBasePath: '/secrets' })
 * const index = files.find((file) => file.path === 'index.html')
 * ```
 */
export function dashboardFiles(options: DashboardFilesOptions): readonly DashboardFile[] {
  const base = options?.apiBasePath
  if (typeof base !== 'string' || !PATH.test(base))
    throw new TypeError('apiBasePath must be a path such as /secrets (no trailing /)')
  return page.map((file) => {
    if (file.path !== 'index.html' || base === '/secrets') return file
    const body = file.body.replace(API_BASE_META, API_BASE_META.replace('/secrets', base))
    return { ...file, body, etag: `${file.etag.slice(0, -1)}:${base}"` }
  })
}
