/** `GET /`: names and metadata, paged; never a value. */
import { createRoute } from '@hono/zod-openapi'
import { errors, json, type RouteContext } from '../_route-kit.js'
import { ListPage, ListQuery } from '../_schemas.js'

/** Registers the route. */
export function listSecrets({ app, config }: RouteContext): void {
  const route = createRoute({
    method: 'get',
    path: config.basePath,
    operationId: 'listSecrets',
    summary: 'List secrets',
    description:
      'Names, descriptions, latest version, `updatedAt` (last written or rotated) and `updatedBy`, in name order. Never a value.',
    request: { query: ListQuery },
    responses: { 200: json(ListPage, 'A page of secrets'), ...errors() },
  })
  app.openapi(route, async (c) => {
    const { prefix, limit, cursor } = c.req.valid('query')
    const page = await c.get('secrets').list({
      accessor: c.get('accessor'),
      ...(prefix === undefined || prefix === '' ? {} : { prefix }),
      ...(limit === undefined ? {} : { limit }),
      ...(cursor === undefined ? {} : { cursor }),
    })
    const body = ListPage.parse({
      items: page.items.map((item) => ({
        name: item.name,
        description: item.description,
        version: item.version,
        createdAt: item.createdAt.toISOString(),
        updatedAt: item.updatedAt.toISOString(),
        updatedBy: item.updatedBy,
      })),
      cursor: page.cursor,
    })
    return c.json(body, 200)
  })
}
