/**
 * The operator's flows in a real Chromium against a real `secrets serve --ui`:
 * sign in, list and page, add, replace over a stale version, rotate with an
 * overlap; then no value anywhere but in the bodies of the writes that
 * carried it. The access log, delete and a read-only token: access-log.test.ts.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type RecordedPage, recordedPage, skipWithoutChromium } from './_browser.js'
import { expectNothingLeaked } from './_leaks.js'
import { startServer, type TestServer } from './_server.js'
import { inBatches, TestValues } from './_values.js'

const values = new TestValues()

describe.skipIf(skipWithoutChromium())('the dashboard in Chromium', () => {
  let server: TestServer
  let browser: Browser
  let ui: RecordedPage
  /** Records, when the open drawer closes, the length of what its value field still holds. */
  const watchValueField = () =>
    ui.page.evaluate(() => {
      const dialog = document.querySelector('dialog')!
      dialog.addEventListener('close', () => {
        const field = dialog.querySelector<HTMLInputElement>('input[name="value"]')
        document.body.dataset.leftInField = String(field?.value.length)
      })
    })
  const leftInField = () => ui.page.evaluate(() => document.body.dataset.leftInField)

  beforeAll(async () => {
    server = await startServer()
    const seeds = [
      'app/db-password',
      'app/stripe-key',
      ...Array.from({ length: 120 }, (_, i) => `bulk/item-${String(i).padStart(3, '0')}`),
    ]
    await inBatches(seeds, 8, async (name) => {
      const { status } = await server.api('POST', '/secrets', {
        name,
        value: values.next('seed'),
        description: `The ${name} secret`,
      })
      expect(status).toBe(201)
    })
    browser = await launchBrowser()
    ui = await recordedPage(browser)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('asks for a token, refuses a wrong one, and signs in with a good one', async () => {
    const { page } = ui
    await page.goto(`${server.url}/ui/`)
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await page.getByLabel('API token').fill('not-a-token')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('was not accepted')
    await page.getByLabel('API token').fill(server.token)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Secrets', level: 1 }).waitFor()
    expect(await page.getByLabel('API token').count()).toBe(0)
    await ui.snapshot()
  })

  it('lists secrets with every value masked, filters by prefix and pages', async () => {
    const { page } = ui
    await expect.poll(() => page.locator('.status-line').textContent()).toBe('Showing 1–50')
    const rows = page.locator('table.secrets tbody tr')
    expect(await rows.count()).toBe(50)
    expect(await rows.first().locator('th').textContent()).toBe('app/db-password')
    const masks = await page.locator('table.secrets tbody td[data-label="Value"]').allTextContents()
    expect(new Set(masks)).toEqual(new Set(['••••hidden value']))
    const time = rows.first().locator('time')
    expect(await time.getAttribute('title')).toMatch(/\d{4}/)
    expect(await time.textContent()).toMatch(/now|second|minute/)

    await page.getByRole('button', { name: 'Next page' }).click()
    await expect.poll(() => page.locator('.status-line').textContent()).toBe('Showing 51–100')
    expect(await rows.first().locator('th').textContent()).toBe('bulk/item-048')
    await page.getByRole('button', { name: 'Previous page' }).click()
    await expect.poll(() => page.locator('.status-line').textContent()).toBe('Showing 1–50')

    await page.getByLabel('Rows per page').selectOption('200')
    await expect.poll(() => page.locator('.status-line').textContent()).toBe('Showing 1–122')
    await page.getByLabel('Name starts with').fill('app/')
    await expect.poll(() => rows.count()).toBe(2)
    expect(page.url()).toContain('prefix=app%2F')
    await page.getByLabel('Name starts with').fill('nothing/')
    await expect
      .poll(() => page.locator('.status-line').textContent())
      .toContain('No secret starts with')
    await page.getByLabel('Name starts with').fill('')
    await ui.snapshot()
  })

  it('checks the name as the store does, creates, and refuses a taken name', async () => {
    const { page } = ui
    await page.getByRole('button', { name: 'Add secret' }).click()
    const drawer = page.getByRole('dialog', { name: 'Add a secret' })
    await drawer.getByLabel('Name').fill('app//token')
    await expect
      .poll(() => drawer.getByRole('alert').textContent())
      .toContain('no empty path segment')
    await drawer.getByLabel('Name').fill('app/new-token')
    expect(await drawer.getByRole('alert').count()).toBe(0)
    const value = values.next('created')
    const field = drawer.getByLabel('Value', { exact: true })
    await field.fill(value)
    expect(await field.getAttribute('type')).toBe('password')
    await drawer.getByRole('button', { name: 'Show' }).click()
    expect(await field.getAttribute('type')).toBe('text')
    await ui.snapshot() // shown, the value is still only the field's property
    await drawer.getByRole('button', { name: 'Hide' }).click()
    expect(await field.getAttribute('type')).toBe('password')
    await drawer.getByLabel('Description').fill('Token for the new service')
    await watchValueField()
    await drawer.getByRole('button', { name: 'Create secret' }).click()
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Created app/new-token (version 1).')
    expect(await drawer.count()).toBe(0)
    expect(await leftInField()).toBe('0')
    expect(await server.value('app/new-token')).toMatchObject({ version: 1, value })
    expect(page.url()).not.toContain(value)

    await page.getByRole('button', { name: 'Add secret' }).click()
    await drawer.getByLabel('Name').fill('app/new-token')
    await drawer.getByLabel('Value', { exact: true }).fill(values.next('taken'))
    await drawer.getByRole('button', { name: 'Create secret' }).click()
    await expect.poll(() => drawer.getByRole('alert').textContent()).toContain('exists already')
    expect(await server.value('app/new-token')).toMatchObject({ version: 1, value })
    await ui.snapshot()
    await page.keyboard.press('Escape')
    expect(await drawer.count()).toBe(0)
  })

  it('replaces over the version it shows: a stale one is a conflict that writes nothing', async () => {
    const { page } = ui
    await page.getByRole('link', { name: 'app/db-password' }).click()
    await page.getByRole('heading', { name: 'app/db-password', level: 1 }).waitFor()
    await page.getByRole('button', { name: 'Replace value' }).click()
    const drawer = page.getByRole('dialog', { name: 'Replace app/db-password' })
    const meanwhile = values.next('meanwhile')
    expect(
      (await server.api('PUT', '/secrets/app%2Fdb-password', { value: meanwhile })).status,
    ).toBe(200)
    await drawer.getByLabel('New value').fill(values.next('stale'))
    await drawer.getByRole('button', { name: 'Replace value' }).click()
    await expect
      .poll(() => drawer.getByRole('alert').textContent())
      .toContain('Someone changed this secret')
    expect(await server.value('app/db-password')).toMatchObject({ version: 2, value: meanwhile })
    await expect.poll(() => drawer.textContent()).toContain('Writes version 3 over version 2')

    const replacement = values.next('replaced')
    await drawer.getByLabel('New value').fill(replacement)
    await watchValueField()
    await drawer.getByRole('button', { name: 'Replace value' }).click()
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Replaced app/db-password: now version 3.')
    expect(await leftInField()).toBe('0')
    expect(await server.value('app/db-password')).toMatchObject({ version: 3, value: replacement })
    await expect.poll(() => page.locator('table.versions tbody tr').count()).toBe(3)
    await ui.snapshot()
  })

  it('rotates with the overlap chosen, and refuses an overlap over a year', async () => {
    const { page } = ui
    await page.goto(`${server.url}/ui/#/secret/app%2Fstripe-key`)
    await page.getByRole('heading', { name: 'app/stripe-key', level: 1 }).waitFor()
    const rotateOnce = async (
      pick: (drawer: ReturnType<typeof page.getByRole>) => Promise<void>,
    ) => {
      await page.getByRole('button', { name: 'Rotate' }).click()
      const drawer = page.getByRole('dialog', { name: 'Rotate app/stripe-key' })
      await drawer.getByLabel('New value').fill(values.next('rotated'))
      await pick(drawer)
      await drawer.getByRole('button', { name: 'Rotate' }).click()
      return drawer
    }
    const expiresIn = async () => {
      const detail = (await server.api('GET', '/secrets/app%2Fstripe-key')).body as {
        version: number
        versions: { previousExpiresAt: string | null }[]
      }
      return {
        version: detail.version,
        ms: Date.parse(detail.versions[0]!.previousExpiresAt!) - Date.now(),
      }
    }
    await rotateOnce((drawer) => drawer.getByLabel('7 days').check())
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Rotated app/stripe-key: now version 2.')
    let after = await expiresIn()
    expect(after.version).toBe(2)
    expect(Math.abs(after.ms - 7 * 86_400_000)).toBeLessThan(120_000)
    await expect
      .poll(() =>
        page.locator('table.versions tbody tr').first().locator('td').last().textContent(),
      )
      .not.toBe('—')

    await rotateOnce(async (drawer) => {
      await drawer.getByLabel('Custom').check()
      await drawer.getByLabel('Amount').fill('90')
      await drawer.getByLabel('Unit').selectOption('minutes')
    })
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Rotated app/stripe-key: now version 3.')
    after = await expiresIn()
    expect(Math.abs(after.ms - 90 * 60_000)).toBeLessThan(120_000)

    const drawer = await rotateOnce(async (d) => {
      await d.getByLabel('Custom').check()
      await d.getByLabel('Amount').fill('400')
      await d.getByLabel('Unit').selectOption('days')
    })
    await expect.poll(() => drawer.getByRole('alert').textContent()).toContain('up to 365 days')
    expect((await expiresIn()).version).toBe(3)
    await ui.snapshot()
    await page.keyboard.press('Escape')
  })

  it('keeps to its CSP and leaves no value anywhere but in the writes that carried it', async () => {
    const carried = await expectNothingLeaked([ui], values, server.logs())
    expect(carried).toBe(6) // two creates, two replaces, two rotations
    expect(values.all.length).toBeGreaterThan(120)
  })
})
