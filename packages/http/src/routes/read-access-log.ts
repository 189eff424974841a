/** `GET /{name}/access-log`: the secret's audit events in the caller's scope, newest first. */
import { createRoute } from '@hono/zod-openapi'
import { type AccessLogSink, SecretNotFoundError } from '@secrets/core'
import { errors, json, type RouteContext } from '../_route-kit.js'
import { AccessLogPage, AccessLogQuery, NameParams } from '../_schemas.js'

/** Registers the route. */
export function readAccessLog(
  { app, config }: RouteContext,
  accessLog: Pick<AccessLogSink, 'query'>,
): void {
  const route = createRoute({
    method: 'get',
    path: `${config.basePath}/{name}/access-log`,
    operationId: 'readAccessLog',
    summary: "A secret's audit events",
    description:
      "The events about this secret in the caller's scope, newest first, paged with `cursor` (pass the same `outcome` with it). 404 once the secret is deleted (its events stay in the access log).",
    request: { params: NameParams, query: AccessLogQuery },
    responses: { 200: json(AccessLogPage, 'A page of events'), ...errors(404) },
  })
  app.openapi(route, async (c) => {
    const { name } = c.req.valid('param')
    const { limit, cursor, outcome } = c.req.valid('query')
    const secrets = c.get('secrets')
    const versions = await secrets.versions(name, {
      accessor: c.get('accessor'),
      reason: 'access log',
    })
    if (versions.length === 0) throw new SecretNotFoundError(name)
    const page = await accessLog.query({
      scope: secrets.scope,
      name,
      ...(limit === undefined ? {} : { limit }),
      ...(outcome === undefined ? {} : { outcome }),
      ...(cursor === undefined ? {} : { cursor }),
    })
    const body = AccessLogPage.parse({
      items: page.items.map(({ time, ...event }) => ({ ...event, time: time.toISOString() })),
      cursor: page.cursor,
    })
    return c.json(body, 200)
  })
}
