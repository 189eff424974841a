/** `DELETE /{name}`: deletes every version; 404 when there was none. */
import { createRoute } from '@hono/zod-openapi'
import { SecretNotFoundError } from '@secrets/core'
import { errors, type RouteContext } from '../_route-kit.js'
import { NameParams } from '../_schemas.js'

/** Registers the route. */
export function deleteSecret({ app, config }: RouteContext): void {
  const route = createRoute({
    method: 'delete',
    path: `${config.basePath}/{name}`,
    operationId: 'deleteSecret',
    summary: 'Delete a secret and every version',
    request: { params: NameParams },
    responses: { 204: { description: 'Deleted' }, ...errors(403, 404) },
  })
  app.openapi(route, async (c) => {
    const { name } = c.req.valid('param')
    const existed = await c.get('secrets').delete(name, { accessor: c.get('accessor') })
    if (!existed) throw new SecretNotFoundError(name)
    return c.body(null, 204)
  })
}
