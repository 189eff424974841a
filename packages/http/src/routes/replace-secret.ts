/** `PUT /{name}`: a new version (creating the secret if needed); `If-Match` makes it compare-and-set. */
import { createRoute } from '@hono/zod-openapi'
import { ConflictError } from '@secrets/core'
import { expectedVersion } from '../_if-match.js'
import { BODY_ERRORS, ETAG_HEADER, errors, etag, json, type RouteContext } from '../_route-kit.js'
import { IfMatchHeaders, NameParams, ReplaceBody, WriteResult } from '../_schemas.js'
import { SecretsApiError } from '../secrets-api-error.js'

/** Registers the route. */
export function replaceSecret({ app, config }: RouteContext): void {
  const route = createRoute({
    method: 'put',
    path: `${config.basePath}/{name}`,
    operationId: 'replaceSecret',
    summary: 'Write a new version',
    description:
      'Writes a new version (201 when it creates the secret). With `If-Match` (`"<version>"`, a list of them, or `*`) it is a compare-and-set: 412 unless the latest version matches.',
    request: {
      params: NameParams,
      headers: IfMatchHeaders,
      body: { required: true, ...json(ReplaceBody, 'The new value and description') },
    },
    responses: {
      200: { ...json(WriteResult, 'A new version'), headers: ETAG_HEADER },
      201: { ...json(WriteResult, 'Created: version 1'), headers: ETAG_HEADER },
      ...errors(...BODY_ERRORS, 409, 412),
    },
  })
  app.openapi(route, async (c) => {
    const { name } = c.req.valid('param')
    const { value, description } = c.req.valid('json')
    const secrets = c.get('secrets')
    const accessor = c.get('accessor')
    const field = c.req.valid('header')['if-match']
    const ifVersion = await expectedVersion(field, secrets, name, accessor)
    let version: number
    try {
      ;({ version } = await secrets.set(name, value, {
        accessor,
        ...(ifVersion === undefined ? {} : { ifVersion }),
        ...(description === undefined ? {} : { description }),
      }))
    } catch (error) {
      if (!ConflictError.isInstance(error) || ifVersion === undefined) throw error
      throw new SecretsApiError(
        'CONFLICT',
        `If-Match does not name the latest version of secret "${name}" (or it does not exist)`,
        { status: 412 },
      )
    }
    const body = WriteResult.parse({ name, version })
    return version === 1
      ? c.json(body, 201, { ETag: etag(version) })
      : c.json(body, 200, { ETag: etag(version) })
  })
}
