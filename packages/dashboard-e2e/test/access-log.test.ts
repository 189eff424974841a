/**
 * A secret's page in a real Chromium against a real `secrets serve --ui`: the
 * access log (used-at paths from `secrets resolve`, failed reads standing out,
 * filtered by outcome, paged), delete behind the typed name, and a read-only
 * token refused; then no value anywhere but in the writes that carried it.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  launchBrowser,
  type RecordedPage,
  recordedPage,
  signIn,
  skipWithoutChromium,
} from './_browser.js'
import { expectNothingLeaked } from './_leaks.js'
import { startServer, type TestServer } from './_server.js'
import { inBatches, TestValues } from './_values.js'

const values = new TestValues()
const NAME = 'app/db-password'

describe.skipIf(skipWithoutChromium())("a secret's page in Chromium", () => {
  let server: TestServer
  let browser: Browser
  let ui: RecordedPage
  const pages: RecordedPage[] = []

  beforeAll(async () => {
    server = await startServer()
    for (const name of [NAME, 'app/new-token'])
      expect(
        (await server.api('POST', '/secrets', { name, value: values.next('seed') })).status,
      ).toBe(201)
    // A write over a version that is not the latest: a conflict in the log.
    const stale = await server.api(
      'PUT',
      '/secrets/app%2Fdb-password',
      { value: values.next('stale') },
      {
        'If-Match': '"9"',
      },
    )
    expect(stale.status).toBe(412)
    await server.resolve(
      { database: { password: '${SECRET:app/db-password}' } },
      { accessor: 'job:deploy', reason: 'start app' },
    )
    for (const version of [98, 99])
      expect(
        (
          await server.api(
            'GET',
            `/secrets/app%2Fdb-password/value?reason=probe&version=${version}`,
          )
        ).status,
      ).toBe(404)
    await inBatches(Array.from({ length: 55 }), 8, () => server.value(NAME))

    browser = await launchBrowser()
    ui = await recordedPage(browser)
    pages.push(ui)
    await signIn(ui.page, server.url, server.token)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('shows the access log: used-at paths, failed reads standing out, filtered by outcome, paged', async () => {
    const { page } = ui
    await page.goto(`${server.url}/ui/#/secret/${encodeURIComponent(NAME)}`)
    await page.getByRole('heading', { name: 'Access log' }).waitFor()
    const rows = page.locator('table.access-log tbody tr')
    await expect.poll(() => rows.count()).toBe(50)
    await page.getByLabel('Outcome').selectOption('failures')
    await expect.poll(() => rows.count()).toBe(3) // the two reads, and the stale write's conflict
    expect(await page.locator('table.access-log tr.failure').count()).toBe(3)
    expect(await rows.first().locator('td[data-label="Outcome"]').textContent()).toBe('Not found')
    expect(await rows.last().locator('td[data-label="Outcome"]').textContent()).toBe('Conflict')
    await page.getByLabel('Outcome').selectOption('not_found')
    await expect.poll(() => rows.count()).toBe(2)
    for (const row of await rows.all()) {
      expect(await row.getAttribute('class')).toBe('failure')
      expect(await row.locator('td[data-label="Outcome"]').textContent()).toBe('Not found')
      expect(await row.locator('td[data-label="Reason"]').textContent()).toBe('probe')
      expect(await row.locator('td[data-label="Accessor"]').textContent()).toBe('user:ops')
    }
    await page.getByLabel('Outcome').selectOption('success')
    await expect.poll(() => rows.count()).toBe(50)
    expect(await page.locator('table.access-log tr.failure').count()).toBe(0)

    await page.getByRole('button', { name: 'Older events' }).click()
    await expect.poll(() => page.locator('.pager span').textContent()).toBe('Page 2')
    await expect
      .poll(() => page.locator('table.access-log td[data-label="Used at"]').allTextContents())
      .toContain('database.password')
    const resolved = page.locator('table.access-log tr', { hasText: 'database.password' })
    expect(await resolved.locator('td[data-label="Accessor"]').textContent()).toBe('job:deploy')
    expect(await resolved.locator('td[data-label="Reason"]').textContent()).toBe('start app')
    await page.getByRole('button', { name: 'Newer events' }).click()
    await expect.poll(() => page.locator('.pager span').textContent()).toBe('Page 1')
    await ui.snapshot()
  })

  it('deletes only once the name is typed', async () => {
    const { page } = ui
    await page.goto(`${server.url}/ui/#/secret/app%2Fnew-token`)
    await page.getByRole('button', { name: 'Delete' }).click()
    const dialog = page.getByRole('alertdialog', { name: 'Delete app/new-token?' })
    const confirm = dialog.getByRole('button', { name: 'Delete secret' })
    expect(await confirm.isDisabled()).toBe(true)
    await dialog.getByLabel('Type the name to confirm').fill('app/new-toke')
    expect(await confirm.isDisabled()).toBe(true)
    await dialog.getByLabel('Type the name to confirm').fill('app/new-token')
    await confirm.click()
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Deleted app/new-token.')
    await page.getByRole('heading', { name: 'Secrets', level: 1 }).waitFor()
    expect((await server.api('GET', '/secrets/app%2Fnew-token')).status).toBe(404)
    await ui.snapshot()
  })

  it('tells a read-only operator that writes need another token, and writes nothing', async () => {
    const reader = await recordedPage(browser)
    pages.push(reader)
    const { page } = reader
    await signIn(page, server.url, server.readOnlyToken)
    await page.getByRole('button', { name: 'Add secret' }).click()
    const drawer = page.getByRole('dialog', { name: 'Add a secret' })
    await drawer.getByLabel('Name').fill('app/read-only-attempt')
    await drawer.getByLabel('Value', { exact: true }).fill(values.next('denied'))
    await drawer.getByRole('button', { name: 'Create secret' }).click()
    await expect.poll(() => drawer.getByRole('alert').textContent()).toContain('may only read')
    expect((await server.api('GET', '/secrets/app%2Fread-only-attempt')).status).toBe(404)
    await reader.snapshot()
  })

  it('keeps to its CSP and leaves no value anywhere but in the writes that carried it', async () => {
    expect(await expectNothingLeaked(pages, values, server.logs())).toBe(1) // the refused create
  })
})
