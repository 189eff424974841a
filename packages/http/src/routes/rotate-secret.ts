/**
 * `POST /{name}/rotate`: with a value, a new version whose predecessor stays
 * valid for the overlap; without one, every version's data key rewrapped
 * under the primary master key (the values' ciphertext untouched).
 */
import { createRoute } from '@hono/zod-openapi'
import { BODY_ERRORS, ETAG_HEADER, errors, etag, json, type RouteContext } from '../_route-kit.js'
import { NameParams, RotateBody, RotateResult } from '../_schemas.js'

/** Registers the route. */
export function rotateSecret({ app, config }: RouteContext): void {
  const route = createRoute({
    method: 'post',
    path: `${config.basePath}/{name}/rotate`,
    operationId: 'rotateSecret',
    summary: 'Rotate to a new value, or rewrap under the primary key',
    description:
      'With `{ value, overlapSeconds? }`: a new version; the previous one stays valid (`getActive`) for the overlap. With no body (or `{}`): every version is rewrapped under the primary master key, its ciphertext untouched; 501 when the backend cannot replace payloads.',
    request: {
      params: NameParams,
      body: { required: false, ...json(RotateBody, 'A new value, or nothing to rewrap') },
    },
    responses: {
      200: { ...json(RotateResult, 'Rotated or rewrapped'), headers: ETAG_HEADER },
      ...errors(...BODY_ERRORS, 404, 501),
    },
  })
  app.openapi(route, async (c) => {
    const { name } = c.req.valid('param')
    const input = c.req.valid('json')
    const secrets = c.get('secrets')
    const accessor = c.get('accessor')
    if ('value' in input) {
      const { overlapSeconds } = input
      const { version } = await secrets.rotate(name, input.value, {
        accessor,
        ...(overlapSeconds === undefined ? {} : { overlapMs: overlapSeconds * 1000 }),
      })
      return c.json(RotateResult.parse({ mode: 'value', name, version }), 200, {
        ETag: etag(version),
      })
    }
    const { version, versions, rewrapped } = await secrets.rewrap(name, { accessor })
    const body = RotateResult.parse({ mode: 'rewrap', name, version, versions, rewrapped })
    return c.json(body, 200, { ETag: etag(version) })
  })
}
