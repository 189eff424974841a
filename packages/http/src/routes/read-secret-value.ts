/** `GET /{name}/value?reason=…`: the one route that returns a value; audited with the caller's accessor. */
import { createRoute } from '@hono/zod-openapi'
import { SecretNotFoundError } from '@secrets/core'
import { ETAG_HEADER, errors, etag, json, type RouteContext } from '../_route-kit.js'
import { NameParams, ValueQuery, ValueResult } from '../_schemas.js'

/** Registers the route (only with `allowValueReads`). */
export function readSecretValue({ app, config }: RouteContext): void {
  const route = createRoute({
    method: 'get',
    path: `${config.basePath}/{name}/value`,
    operationId: 'readSecretValue',
    summary: 'Read a value (audited)',
    description:
      'Served only with `allowValueReads: true`. The read is audited with the caller as accessor and the `reason` given, before the value is returned.',
    request: { params: NameParams, query: ValueQuery },
    responses: { 200: { ...json(ValueResult, 'The value'), headers: ETAG_HEADER }, ...errors(404) },
  })
  app.openapi(route, async (c) => {
    const { name } = c.req.valid('param')
    const { reason, version } = c.req.valid('query')
    const [found] = await c
      .get('secrets')
      .readMany([version === undefined ? { name } : { name, version }], {
        accessor: c.get('accessor'),
        reason,
      })
    if (!found) throw new SecretNotFoundError(name, version)
    return c.json(ValueResult.parse(found), 200, { ETag: etag(found.version) })
  })
}
