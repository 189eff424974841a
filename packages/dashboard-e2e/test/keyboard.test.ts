/**
 * The page with the keyboard alone: Tab, Enter, arrows and Escape only, no
 * click and no `fill`. Sign in, add a secret, open it, rotate it with a 7-day
 * overlap, open and dismiss the delete confirmation.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, recordedPage, skipWithoutChromium } from './_browser.js'
import { startServer, type TestServer } from './_server.js'
import { TestValues } from './_values.js'

const values = new TestValues()

/** What has focus: its tag, its accessible label or text, and its type. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement & { labels?: NodeListOf<HTMLLabelElement> }
    const label =
      el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? ''
    return `${el.tagName.toLowerCase()}:${label.trim()}`
  })

/** Presses Tab until `target` (as `focused` words it) has focus; fails after 30 presses. */
async function tabTo(page: Page, target: string): Promise<void> {
  for (let i = 0; i < 30; i += 1) {
    if ((await focused(page)) === target) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached ${target}; focus is on ${await focused(page)}`)
}

describe.skipIf(skipWithoutChromium())('the dashboard with the keyboard alone', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('signs in, adds, rotates with an overlap and dismisses a delete, by keyboard', async () => {
    const recorded = await recordedPage(browser)
    const { page } = recorded
    await page.goto(`${server.url}/ui/`)
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('button:Skip to content')
    await tabTo(page, 'input:API token')
    await page.keyboard.type(server.token)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Secrets', level: 1 }).waitFor()

    await tabTo(page, 'button:Add secret')
    await page.keyboard.press('Enter')
    await page.getByRole('dialog', { name: 'Add a secret' }).waitFor()
    expect(await focused(page)).toBe('input:Name')
    await page.keyboard.type('ops/keyboard-key')
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('input:Value')
    const value = values.next('typed')
    await page.keyboard.type(value)
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Created ops/keyboard-key (version 1).')
    expect(
      (
        (await server.api('GET', '/secrets/ops%2Fkeyboard-key/value?reason=check')).body as {
          value: string
        }
      ).value,
    ).toBe(value)

    await tabTo(page, 'a:ops/keyboard-key')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'ops/keyboard-key', level: 1 }).waitFor()
    await tabTo(page, 'button:Skip to content')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
    expect(page.url()).toContain('#/secret/ops%2Fkeyboard-key') // still on the secret's page
    await tabTo(page, 'button:Rotate')
    await page.keyboard.press('Enter')
    await page.getByRole('dialog', { name: 'Rotate ops/keyboard-key' }).waitFor()
    expect(await focused(page)).toBe('input:New value')
    await page.keyboard.type(values.next('rotated'))
    await tabTo(page, 'input:24 hours')
    await page.keyboard.press('ArrowDown')
    expect(await focused(page)).toBe('input:7 days')
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Rotated ops/keyboard-key: now version 2.')
    const detail = (await server.api('GET', '/secrets/ops%2Fkeyboard-key')).body as {
      versions: { previousExpiresAt: string }[]
    }
    const overlap = Date.parse(detail.versions[0]!.previousExpiresAt) - Date.now()
    expect(Math.abs(overlap - 7 * 86_400_000)).toBeLessThan(120_000)
    expect(await focused(page)).toBe('button:Rotate') // back where the panel was opened from

    await tabTo(page, 'button:Delete')
    await page.keyboard.press('Enter')
    await page.getByRole('alertdialog', { name: 'Delete ops/keyboard-key?' }).waitFor()
    expect(await focused(page)).toBe('input:Type the name to confirm')
    await page.keyboard.press('Escape')
    expect(await page.getByRole('alertdialog').count()).toBe(0)
    expect(await focused(page)).toBe('button:Delete')
    expect((await server.api('GET', '/secrets/ops%2Fkeyboard-key')).status).toBe(200)
    expect(values.foundIn(await recorded.evidence())).toEqual([])
  })
})
