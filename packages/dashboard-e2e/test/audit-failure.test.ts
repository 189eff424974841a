/**
 * The page when the audit log fails (`SECRETS_AUDIT=file:/dev/full`: every
 * audit write fails with ENOSPC): reads are refused (fail-closed) and a write
 * is applied but reported, each in words next to what caused it.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type RecordedPage, recordedPage, skipWithoutChromium } from './_browser.js'
import { expectNothingLeaked } from './_leaks.js'
import { startServer, type TestServer } from './_server.js'
import { TestValues } from './_values.js'

const values = new TestValues()

describe.skipIf(skipWithoutChromium())('the dashboard over a failing audit log', () => {
  let server: TestServer
  let browser: Browser
  let ui: RecordedPage

  beforeAll(async () => {
    server = await startServer({ SECRETS_AUDIT: 'file:/dev/full' })
    browser = await launchBrowser()
    ui = await recordedPage(browser)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('signs in, says why the list is refused, and says that a create was applied but not audited', async () => {
    const { page } = ui
    await page.goto(`${server.url}/ui/`)
    await page.getByLabel('API token').fill(server.token)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Secrets', level: 1 }).waitFor()
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('The audit log could not record this read, so the server refused it')

    await page.getByRole('button', { name: 'Add secret' }).click()
    const drawer = page.getByRole('dialog', { name: 'Add a secret' })
    await drawer.getByLabel('Name').fill('ops/unaudited')
    await drawer.getByLabel('Value', { exact: true }).fill(values.next('unaudited'))
    await drawer.getByRole('button', { name: 'Create secret' }).click()
    await expect
      .poll(() => drawer.getByRole('alert').textContent())
      .toContain('The change was made, but the audit log could not record it')
    // The store applies a write before it audits it: the secret is there (read with a working audit).
    expect(await server.cli(['versions', 'ops/unaudited', '--scope', 'tenant=acme'])).toBe(0)
    expect(await server.cli(['versions', 'ops/absent', '--scope', 'tenant=acme'])).toBe(2)
    await ui.snapshot()
    expect(await expectNothingLeaked([ui], values, server.logs())).toBe(1)
  })
})
