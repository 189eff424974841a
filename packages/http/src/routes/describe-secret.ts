/** `GET /{name}`: the secret's metadata and every version's; never a value. */
import { createRoute } from '@hono/zod-openapi'
import { SecretNotFoundError } from '@secrets/core'
import { ETAG_HEADER, errors, etag, json, type RouteContext } from '../_route-kit.js'
import { NameParams, SecretDetail } from '../_schemas.js'

/** Registers the route. */
export function describeSecret({ app, config }: RouteContext): void {
  const route = createRoute({
    method: 'get',
    path: `${config.basePath}/{name}`,
    operationId: 'describeSecret',
    summary: "A secret's metadata and its versions'",
    request: { params: NameParams },
    responses: {
      200: {
        ...json(SecretDetail, 'The latest version first; never a value'),
        headers: ETAG_HEADER,
      },
      ...errors(404),
    },
  })
  app.openapi(route, async (c) => {
    const { name } = c.req.valid('param')
    const versions = await c.get('secrets').versions(name, { accessor: c.get('accessor') })
    const latest = versions[0]
    if (!latest) throw new SecretNotFoundError(name)
    const body = SecretDetail.parse({
      name,
      description: latest.description,
      version: latest.version,
      createdAt: versions.at(-1)!.createdAt.toISOString(),
      updatedAt: latest.createdAt.toISOString(),
      updatedBy: latest.createdBy,
      versions: versions.map((v) => ({
        version: v.version,
        description: v.description,
        createdAt: v.createdAt.toISOString(),
        createdBy: v.createdBy,
        previousExpiresAt: v.previousExpiresAt?.toISOString() ?? null,
      })),
    })
    return c.json(body, 200, { ETag: etag(latest.version) })
  })
}
