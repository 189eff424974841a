/**
 * Benchmark of the operator page (`pnpm --filter @secrets/dashboard-e2e bench`):
 * the gzipped size of the built page, and the time from navigation to an
 * interactive list of 1000 secrets in Debian's Chromium, beside the API call
 * that lists them, in the same run against a real `secrets serve --ui` on
 * SQLite. Medians of alternating rounds; only the ratios mean anything on a
 * shared machine. Needs SECRETS_TEST_CHROMIUM.
 */
import { gzipSync } from 'node:zlib'
import { median, printTable, timeRounds } from '@secrets/bench-kit'
import { dashboardFiles } from '@secrets/dashboard'
import { launchBrowser } from '../test/_browser.js'
import { startServer } from '../test/_server.js'
import { inBatches } from '../test/_values.js'

const SECRETS = 1000
const ROUNDS = 7

function pageSize(): void {
  const rows = dashboardFiles({ apiBasePath: '/secrets' }).map((file) => ({
    file: file.path.replace(/-[\w-]{8}\./, '-<hash>.'),
    bytes: Buffer.byteLength(file.body),
    gzipped: gzipSync(file.body).length,
  }))
  const total = rows.reduce(
    (sum, row) => ({ bytes: sum.bytes + row.bytes, gzipped: sum.gzipped + row.gzipped }),
    { bytes: 0, gzipped: 0 },
  )
  printTable('The built page (limit: 150 KB gzipped)', [...rows, { file: 'total', ...total }])
}

async function main(): Promise<void> {
  pageSize()
  if (!process.env.SECRETS_TEST_CHROMIUM) {
    console.log(
      '\nbrowser timings skipped: SECRETS_TEST_CHROMIUM is not set (scripts/services.sh up chromium)',
    )
    return
  }
  const server = await startServer()
  const browser = await launchBrowser()
  try {
    const names = Array.from(
      { length: SECRETS },
      (_, i) => `service/${String(i).padStart(4, '0')}/token`,
    )
    await inBatches(names, 16, (name) =>
      server.api('POST', '/secrets', {
        name,
        value: `bench-${name}`,
        description: `Token of ${name.split('/')[1]}`,
      }),
    )
    // The browser sends the token itself (as a proxy in front would), so no sign-in is timed.
    const context = await browser.newContext({
      extraHTTPHeaders: { Authorization: `Bearer ${server.token}` },
    })
    const pageFetches: number[] = []
    const sinceNavigation: number[] = [] // the page's clock: from navigation start
    const times = await timeRounds(
      [
        {
          name: 'API: GET /secrets?limit=1000 (Node fetch, JSON parsed)',
          run: async () => {
            const { status, body } = await server.api('GET', `/secrets?limit=${SECRETS}`)
            if (status !== 200 || (body as { items: unknown[] }).items.length !== SECRETS)
              throw new Error('list failed')
          },
        },
        {
          name: 'page: navigation to 1000 interactive rows',
          run: async () => {
            const page = await context.newPage()
            await page.goto(`${server.url}/ui/#/?limit=${SECRETS}`)
            const ready = await page.waitForFunction(
              (n) =>
                document.querySelectorAll('table.secrets tbody tr a').length === n &&
                performance.now(),
              SECRETS,
              { polling: 'raf' },
            )
            sinceNavigation.push((await ready.jsonValue()) as number)
            await page.getByRole('link', { name: 'service/0999/token' }).focus()
            pageFetches.push(
              await page.evaluate(() => {
                const entry = performance
                  .getEntriesByType('resource')
                  .find((e) => e.name.includes('/secrets?'))
                return entry
                  ? (entry as PerformanceResourceTiming).responseEnd - entry.startTime
                  : Number.NaN
              }),
            )
            await page.close()
          },
        },
      ],
      ROUNDS,
    )
    const api = [...times.values()][0]!
    const rows = [...times].map(([candidate, ms]) => ({
      candidate,
      'median ms': ms.toFixed(1),
      'ratio vs API call': (ms / api).toFixed(2),
    }))
    for (const [candidate, samples] of [
      ['  by the page clock, navigation start to 1000 rows', sinceNavigation],
      ["  of which the page's own list request", pageFetches],
    ] as const) {
      const ms = median(samples.slice(1)) // the warm-up round apart
      rows.push({
        candidate,
        'median ms': ms.toFixed(1),
        'ratio vs API call': (ms / api).toFixed(2),
      })
    }
    printTable(`Listing ${SECRETS} secrets (${ROUNDS} rounds, medians)`, rows)
  } finally {
    await browser.close()
    await server.stop()
  }
}

await main()
