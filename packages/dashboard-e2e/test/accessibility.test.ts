/**
 * axe-core on every view and panel, at 1280 px and at 390 px wide, no serious
 * or critical violation; no sideways scrolling on a phone; and the
 * screenshots of docs/dashboard.md (written there with SECRETS_UPDATE_SCREENSHOTS=1).
 */
import { mkdirSync, mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, recordedPage, seriousViolations, skipWithoutChromium } from './_browser.js'
import { startServer, type TestServer } from './_server.js'
import { inBatches, TestValues } from './_values.js'

const values = new TestValues()
const DOCS_IMAGES = join(import.meta.dirname, '..', '..', '..', 'docs', 'images')
const shots =
  process.env.SECRETS_UPDATE_SCREENSHOTS === '1'
    ? DOCS_IMAGES
    : mkdtempSync(join(tmpdir(), 'dashboard-shots-'))

const SEEDS: [string, string][] = [
  ['billing/stripe-key', 'Stripe secret key for charges'],
  ['billing/stripe-webhook', 'Signs Stripe webhook deliveries'],
  ['db/primary-password', 'PostgreSQL primary, app role'],
  ['db/replica-password', 'PostgreSQL read replica'],
  ['mail/smtp-password', 'Outbound mail relay'],
  ['oauth/github-client-secret', 'GitHub sign-in'],
  ['search/api-key', 'Hosted search, admin key'],
]

describe.skipIf(skipWithoutChromium())(
  'the dashboard, accessible and laid out at 1280 and 390 px',
  () => {
    let server: TestServer
    let browser: Browser

    beforeAll(async () => {
      server = await startServer()
      await inBatches(SEEDS, 4, ([name, description]) =>
        server.api('POST', '/secrets', { name, value: values.next('seed'), description }),
      )
      await server.api('POST', '/secrets/db%2Fprimary-password/rotate', {
        value: values.next('rotated'),
        overlapSeconds: 86_400,
      })
      await server.resolve(
        {
          db: { url: 'postgres://app:${SECRET:db/primary-password}@db/app' },
        },
        { accessor: 'job:api', reason: 'boot' },
      )
      await server.api(
        'GET',
        '/secrets/db%2Fprimary-password/value?reason=incident+review&version=7',
      )
      await server.api('GET', '/secrets/db%2Fprimary-password/value?reason=migration')
      browser = await launchBrowser()
      mkdirSync(shots, { recursive: true })
    })

    afterAll(async () => {
      await browser?.close()
      await server?.stop()
    })

    /** Signs in on a new page of `width`. */
    async function signedIn(width: number) {
      const recorded = await recordedPage(browser, { width, height: width > 600 ? 800 : 844 })
      await recorded.page.goto(`${server.url}/ui/`)
      await recorded.page.getByLabel('API token').fill(server.token)
      await recorded.page.getByRole('button', { name: 'Sign in' }).click()
      await recorded.page.locator('table.secrets').waitFor()
      return recorded
    }

    const expectAccessible = async (page: Page, view: string) => {
      const violations = await seriousViolations(page)
      expect(violations, `${view}: ${JSON.stringify(violations, null, 1)}`).toEqual([])
    }
    const expectNoSidewaysScroll = async (page: Page) =>
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(
        true,
      )
    const shoot = async (page: Page, file: string, fullPage = false) => {
      await page.screenshot({ path: join(shots, file), fullPage })
      expect(statSync(join(shots, file)).size).toBeGreaterThan(5_000)
    }

    it('sign-in form', async () => {
      const recorded = await recordedPage(browser)
      await recorded.page.goto(`${server.url}/ui/`)
      await recorded.page.getByRole('heading', { name: 'Sign in' }).waitFor()
      await expectAccessible(recorded.page, 'sign-in')
      // The check itself can fail: a button without a name is a critical violation.
      await recorded.page.evaluate(() => document.body.append(document.createElement('button')))
      expect((await seriousViolations(recorded.page)).map((v) => v.id)).toContain('button-name')
    })

    for (const width of [1280, 390]) {
      it(`list, add panel, secret page with its access log, rotate panel and delete confirmation at ${width} px`, async () => {
        const recorded = await signedIn(width)
        const { page } = recorded
        await expectAccessible(page, 'list')
        await expectNoSidewaysScroll(page)
        const headerHidden = await page
          .locator('table.secrets thead')
          .evaluate((el) => getComputedStyle(el).position === 'absolute')
        expect(headerHidden).toBe(width < 640) // rows turn into cards on a phone
        if (width === 1280) await shoot(page, 'dashboard-list.png')
        else await shoot(page, 'dashboard-list-390.png')

        await page.getByRole('button', { name: 'Add secret' }).click()
        const drawer = page.getByRole('dialog', { name: 'Add a secret' })
        await drawer.getByLabel('Name').fill('bad//name')
        await drawer.getByRole('alert').waitFor()
        await expectAccessible(page, 'add panel, with an error')
        const box = await drawer.boundingBox()
        expect(box!.width).toBe(width < 640 ? width : 512)
        await page.keyboard.press('Escape')

        await page.getByRole('link', { name: 'db/primary-password' }).click()
        await page.locator('table.access-log').waitFor()
        await expect.poll(() => page.locator('table.access-log tr.failure').count()).toBe(1)
        await expectAccessible(page, 'secret page')
        await expectNoSidewaysScroll(page)
        if (width === 1280) {
          await page.evaluate(() => document.getElementById('versions-title')?.scrollIntoView())
          await shoot(page, 'dashboard-access-log.png')
        }

        await page.getByRole('button', { name: 'Rotate' }).click()
        await page
          .getByRole('dialog', { name: 'Rotate db/primary-password' })
          .getByLabel('Custom')
          .check()
        await expectAccessible(page, 'rotate panel')
        if (width === 1280) await shoot(page, 'dashboard-drawer.png')
        await page.keyboard.press('Escape')

        await page.getByRole('button', { name: 'Delete' }).click()
        await page.getByRole('alertdialog').waitFor()
        await expectAccessible(page, 'delete confirmation')
        await page.keyboard.press('Escape')
        expect(recorded.cspViolations).toEqual([])
        expect(values.foundIn(await recorded.evidence())).toEqual([])
      })
    }
  },
)
