/** `POST /`: creates a secret; 409 when the name exists. */
import { createRoute } from '@hono/zod-openapi'
import { ConflictError } from '@secrets/core'
import { BODY_ERRORS, ETAG_HEADER, errors, etag, json, type RouteContext } from '../_route-kit.js'
import { CreateBody, WriteResult } from '../_schemas.js'
import { SecretsApiError } from '../secrets-api-error.js'

/** Registers the route. */
export function createSecret({ app, config }: RouteContext): void {
  const route = createRoute({
    method: 'post',
    path: config.basePath,
    operationId: 'createSecret',
    summary: 'Create a secret',
    request: { body: { required: true, ...json(CreateBody, 'The name, value and description') } },
    responses: {
      201: {
        ...json(WriteResult, 'Created: version 1'),
        headers: {
          ...ETAG_HEADER,
          Location: {
            description: 'The secret, its name percent-encoded.',
            required: true,
            schema: { type: 'string' as const },
          },
        },
      },
      ...errors(...BODY_ERRORS, 409),
    },
  })
  app.openapi(route, async (c) => {
    const { name, value, description } = c.req.valid('json')
    let version: number
    try {
      ;({ version } = await c.get('secrets').set(name, value, {
        accessor: c.get('accessor'),
        ifVersion: 0,
        ...(description === undefined ? {} : { description }),
      }))
    } catch (error) {
      if (!ConflictError.isInstance(error)) throw error
      throw new SecretsApiError('CONFLICT', `Secret "${name}" already exists`)
    }
    const location = `${config.basePath}/${encodeURIComponent(name)}`
    return c.json(WriteResult.parse({ name, version }), 201, {
      ETag: etag(version),
      Location: location,
    })
  })
}
