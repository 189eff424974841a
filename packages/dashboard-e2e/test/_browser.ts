/**
 * Debian's Chromium driven by playwright-core (SECRETS_TEST_CHROMIUM names the
 * binary; in CI it must be set), and pages that record everything a value
 * could leak into: console, network (URLs, headers, response bodies, request
 * bodies), DOM snapshots, storage and cookies.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

const CHROMIUM = process.env.SECRETS_TEST_CHROMIUM

/**
 * Whether the browser suites must be skipped: true (with one message) without
 * SECRETS_TEST_CHROMIUM; in CI that is an error instead.
 */
export function skipWithoutChromium(): boolean {
  if (CHROMIUM) return false
  if (process.env.CI)
    throw new Error(
      'SECRETS_TEST_CHROMIUM must be set in CI: the dashboard suites cannot be skipped there',
    )
  console.warn(
    '[@secrets/dashboard-e2e] browser suites skipped: SECRETS_TEST_CHROMIUM is not set (eval "$(scripts/services.sh up chromium)" installs Debian\'s chromium)',
  )
  return true
}

/** Launches Chromium headless (no sandbox: CI runs as root). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
}

/** One request as recorded. */
interface Exchange {
  method: string
  url: string
  requestHeaders: Record<string, string>
  requestBody: string | null
  status?: number
  responseHeaders?: Record<string, string>
  responseBody?: string
}

/** A page and what it recorded. */
export interface RecordedPage {
  readonly page: Page
  readonly context: BrowserContext
  /** Keeps the page's DOM as it is now, for the leak check. */
  snapshot(): Promise<void>
  /** Console messages and page errors. */
  readonly console: string[]
  /** Every request and its response. */
  readonly network: Exchange[]
  /** Content-Security-Policy violations the page reported. */
  readonly cspViolations: string[]
  /** Everything recorded, storage and cookies read now, as one text (request bodies apart). */
  evidence(): Promise<string>
}

/** A new context and page that records (viewport 1280×800 unless told). */
export async function recordedPage(
  browser: Browser,
  options: { width?: number; height?: number; extraHTTPHeaders?: Record<string, string> } = {},
): Promise<RecordedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    ...(options.extraHTTPHeaders ? { extraHTTPHeaders: options.extraHTTPHeaders } : {}),
  })
  const page = await context.newPage()
  const consoleLines: string[] = []
  const network: Exchange[] = []
  const snapshots: string[] = []
  const cspViolations: string[] = []
  page.on('console', (message) => {
    consoleLines.push(`${message.type()}: ${message.text()}`)
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text())
  })
  page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`))
  page.on('requestfinished', async (request) => {
    const response = await request.response()
    const exchange: Exchange = {
      method: request.method(),
      url: request.url(),
      requestHeaders: await request.allHeaders(),
      requestBody: request.postData(),
    }
    network.push(exchange)
    if (response) {
      exchange.status = response.status()
      exchange.responseHeaders = await response.allHeaders()
      exchange.responseBody = await response.text().catch(() => '')
    }
  })
  return {
    page,
    context,
    console: consoleLines,
    network,
    cspViolations,
    async snapshot() {
      snapshots.push(await page.content())
    },
    async evidence() {
      const storage = await page.evaluate(() =>
        JSON.stringify({
          local: { ...localStorage },
          session: { ...sessionStorage },
          cookie: document.cookie,
        }),
      )
      const cookies = JSON.stringify(await context.cookies())
      const exchanges = network.map(({ requestBody: _, ...rest }) => JSON.stringify(rest))
      return [
        ...consoleLines,
        ...exchanges,
        ...snapshots,
        await page.content(),
        storage,
        cookies,
      ].join('\n')
    },
  }
}

/** Opens the page and signs in with `token`; resolves once the list is there. */
export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/ui/`)
  await page.getByLabel('API token').fill(token)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'Secrets', level: 1 }).waitFor()
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** One axe-core result. */
export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[] }[]
}

/**
 * Runs axe-core on the page (evaluated over the DevTools protocol, which the
 * page's CSP does not govern) and returns the serious and critical violations.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE)
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }
    ).axe
    const { violations } = await axe.run()
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }))
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}
