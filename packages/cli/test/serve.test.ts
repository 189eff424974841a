import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { generateMasterKey } from '@secrets/core'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, expectFailure, expectSuccess, tempDir } from './_cli.js'

const { dir, remove } = tempDir('serve')
afterAll(remove)
const TOKEN = 'serve-test-token-5d2c'
const VALUE = 'served-value-81f0'
const env = {
  SECRETS_DATABASE_URL: `file:${join(dir, 'serve.db')}`,
  SECRETS_MASTER_KEY: generateMasterKey(),
}
const hash = createHash('sha256').update(TOKEN).digest('hex')

describe('secrets serve', () => {
  it('refuses to start without SECRETS_API_TOKENS (exit 4)', async () => {
    const result = await cli(['serve', '--port', '0'], { env })
    expectFailure(result, 4, [VALUE])
    expect(result.stderr).toContain('SECRETS_API_TOKENS is not set')
  })

  it('serves the API on 127.0.0.1 with the tokens, and stops on SIGTERM', async () => {
    expectSuccess(await cli(['set', 'API_KEY', '--scope', 'tenant=acme'], { env, input: VALUE }))
    let answers: { status: number; body: string }[] = []
    const result = await cli(['serve', '--port', '0'], {
      env: { ...env, SECRETS_API_TOKENS: `sha256:${hash}:ro:tenant=acme:ci` },
      onStderr: (text, child) => {
        const url = /serving the API on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1]
        if (!url) return
        void (async () => {
          const auth = { Authorization: `Bearer ${TOKEN}` }
          const listed = await fetch(`${url}/secrets`, { headers: auth })
          const denied = await fetch(`${url}/secrets`)
          const write = await fetch(`${url}/secrets/API_KEY`, {
            method: 'PUT',
            headers: { ...auth, 'Content-Type': 'application/json' },
            body: JSON.stringify({ value: 'x' }),
          })
          answers = await Promise.all(
            [listed, denied, write].map(async (r) => ({ status: r.status, body: await r.text() })),
          )
          child.kill('SIGTERM')
        })()
      },
    })
    expect(result.code).toBe(0)
    expect(answers.map((a) => a.status)).toEqual([200, 401, 403])
    expect(JSON.parse(answers[0]!.body).items.map((i: { name: string }) => i.name)).toEqual([
      'API_KEY',
    ])
    for (const a of answers) expect(a.body).not.toContain(VALUE)
    expect(result.stderr + result.stdout).not.toContain(VALUE)
  })

  it('with --ui prints the operator page URL and serves the page without a token', async () => {
    let pageUrl = ''
    let answer:
      | { status: number; type: string | null; csp: string | null; body: string }
      | undefined
    const result = await cli(['serve', '--ui', '--port', '0'], {
      env: { ...env, SECRETS_API_TOKENS: `sha256:${hash}:ro:tenant=acme:ci` },
      onStderr: (text, child) => {
        const url = /the operator page is at (http:\/\/127\.0\.0\.1:\d+\/ui\/)/.exec(text)?.[1]
        if (!url) return
        pageUrl = url
        void (async () => {
          try {
            const page = await fetch(url)
            answer = {
              status: page.status,
              type: page.headers.get('content-type'),
              csp: page.headers.get('content-security-policy'),
              body: await page.text(),
            }
          } finally {
            child.kill('SIGTERM')
          }
        })()
      },
    })
    expect(result.code).toBe(0)
    expect(pageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ui\/$/)
    expect(result.stderr).toContain(`secrets: the operator page is at ${pageUrl}`)
    expect(answer?.status).toBe(200)
    expect(answer?.type).toMatch(/^text\/html/)
    expect(answer?.csp).toContain("default-src 'none'")
    expect(answer?.body).toContain('<meta name="secrets-api-base" content="/secrets"')
    expect(result.stderr + result.stdout).not.toContain(VALUE)
  })
})
