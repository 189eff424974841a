/**
 * The request body limit: a declared `Content-Length` over the limit is
 * refused before any byte is read (the runtime holds a body to its declared
 * length); a body without one is read in chunks and refused as soon as it
 * passes the limit. Internal.
 * @module
 */
import type { Context } from 'hono'
import { SecretsApiError } from './secrets-api-error.js'

function tooLarge(max: number): SecretsApiError {
  return new SecretsApiError('PAYLOAD_TOO_LARGE', `The request body is larger than ${max} bytes`)
}

/**
 * Enforces the limit on `c.req.raw`, replacing it with a buffered copy when
 * the body had to be read to be measured (a new `Request` from its parts, as
 * some servers' request objects cannot be copied whole).
 * @throws {SecretsApiError} 413 `PAYLOAD_TOO_LARGE`
 */
export async function limitBody(c: Context, max: number): Promise<void> {
  const raw = c.req.raw
  if (!raw.body) return
  const declared = raw.headers.get('content-length')
  if (declared !== null && !raw.headers.has('transfer-encoding')) {
    if (Number(declared) > max) throw tooLarge(max)
    return
  }
  const reader = raw.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge(max)
    }
    chunks.push(value)
  }
  const body = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    body.set(chunk, at)
    at += chunk.byteLength
  }
  c.req.raw = new Request(raw.url, {
    method: raw.method,
    headers: raw.headers,
    signal: raw.signal,
    ...(size === 0 ? {} : { body }),
  })
}
