import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type ServiceDefinition, status } from '@grpc/grpc-js'
import type { Dispatcher } from './dispatcher.js'
import { type PbMethod, RestCodec } from './rest-codec.js'

/**
 * The REST face of the fake, for `new SecretManagerServiceClient({ fallback: true, ... })`:
 * google-gax transcodes each call to HTTP/1.1 JSON by the `google.api.http` annotations of
 * service.proto; this reverses that (path template → fields, body, query string) and
 * answers in proto3 JSON, errors as `{ error: { code, message, status } }`.
 */

interface Route {
  method: string
  verb: string
  pattern: RegExp
  /** Field paths of the template's variables, in capture order (e.g. `secret.name`). */
  fields: string[]
  /** `*`, a field name, or '' for no body. */
  body: string
}

/** gRPC code → HTTP status, as https://cloud.google.com/apis/design/errors maps them. */
const HTTP_STATUS: Record<number, number> = {
  [status.OK]: 200,
  [status.CANCELLED]: 499,
  [status.UNKNOWN]: 500,
  [status.INVALID_ARGUMENT]: 400,
  [status.DEADLINE_EXCEEDED]: 504,
  [status.NOT_FOUND]: 404,
  [status.ALREADY_EXISTS]: 409,
  [status.PERMISSION_DENIED]: 403,
  [status.RESOURCE_EXHAUSTED]: 429,
  [status.FAILED_PRECONDITION]: 400,
  [status.ABORTED]: 409,
  [status.OUT_OF_RANGE]: 400,
  [status.UNIMPLEMENTED]: 501,
  [status.INTERNAL]: 500,
  [status.UNAVAILABLE]: 503,
  [status.DATA_LOSS]: 500,
  [status.UNAUTHENTICATED]: 401,
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** `/v1/{name=projects/*\/secrets/*}:access` → a RegExp capturing `name`. */
function compileTemplate(template: string): { pattern: RegExp; fields: string[] } {
  const fields: string[] = []
  let source = ''
  for (const part of template.split(/(\{[^}]+\})/)) {
    const variable = /^\{([^=}]+)(?:=([^}]+))?\}$/.exec(part)
    if (!variable) {
      source += escapeRegExp(part)
      continue
    }
    fields.push(variable[1]!)
    const segments = (variable[2] ?? '*').split('/')
    const body = segments
      .map((seg) => (seg === '**' ? '.+' : seg === '*' ? '[^/:]+' : escapeRegExp(seg)))
      .join('/')
    source += `(${body})`
  }
  return { pattern: new RegExp(`^${source}$`), fields }
}

function routesOf(method: PbMethod): Route[] {
  const http = method.parsedOptions?.find((o) => '(google.api.http)' in o)?.['(google.api.http)']
  const routes: Route[] = []
  const visit = (rule: Record<string, unknown>) => {
    for (const verb of ['get', 'post', 'patch', 'delete', 'put']) {
      const template = rule[verb]
      if (typeof template !== 'string') continue
      const body = typeof rule.body === 'string' ? rule.body : ''
      routes.push({
        method: method.name,
        verb: verb.toUpperCase(),
        body,
        ...compileTemplate(template),
      })
    }
    const more = rule.additional_bindings
    for (const binding of Array.isArray(more) ? more : more ? [more] : []) {
      visit(binding as Record<string, unknown>)
    }
  }
  if (http && typeof http === 'object') visit(http as Record<string, unknown>)
  return routes
}

/** Sets `value` at a dotted field path (snake_case in templates, camelCase in JSON). */
function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.').map(camel)
  let node = target
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {}
    node = node[key] as Record<string, unknown>
  }
  node[keys[keys.length - 1]!] = value
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8').trim()
  return text ? JSON.parse(text) : {}
}

function send(res: ServerResponse, httpStatus: number, json: unknown): void {
  res.writeHead(httpStatus, { 'Content-Type': 'application/json; charset=utf-8' })
  res.end(JSON.stringify(json))
}

function sendError(res: ServerResponse, code: number, message: string): void {
  const httpStatus = HTTP_STATUS[code] ?? 500
  send(res, httpStatus, { error: { code: httpStatus, message, status: status[code] } })
}

/** Starts the REST endpoint on 127.0.0.1:`port` over the same dispatcher as gRPC. */
export async function startRestServer(
  dispatcher: Dispatcher,
  service: ServiceDefinition,
  port: number,
): Promise<{ port: number; close(): Promise<void> }> {
  const codec = new RestCodec(service)
  const routes = Object.values(codec.methods).flatMap(routesOf)

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    let route: Route | undefined
    let captures: string[] = []
    for (const candidate of routes) {
      const match = candidate.verb === req.method ? candidate.pattern.exec(url.pathname) : null
      if (match) {
        route = candidate
        captures = match.slice(1)
        break
      }
    }
    if (!route) {
      return sendError(res, status.NOT_FOUND, `No route for ${req.method} ${url.pathname}.`)
    }
    let request: unknown
    try {
      let json: Record<string, unknown> = {}
      const body = await readBody(req)
      if (route.body === '*') json = { ...(body as Record<string, unknown>) }
      else if (route.body) setPath(json, route.body, body)
      for (const [key, value] of url.searchParams) {
        if (!key.startsWith('$')) setPath(json, key, value)
      }
      route.fields.forEach((field, i) => {
        setPath(json, field, decodeURIComponent(captures[i]!))
      })
      request = codec.decodeRequest(route.method, json)
    } catch (error) {
      return sendError(res, status.INVALID_ARGUMENT, `Invalid JSON request: ${String(error)}`)
    }
    const outcome = await dispatcher.dispatch(route.method, request)
    if (!outcome.ok) return sendError(res, outcome.code, outcome.message)
    const numericEnums = (url.searchParams.get('$alt') ?? '').includes('enum-encoding=int')
    send(res, 200, codec.encodeResponse(route.method, outcome.response, numericEnums))
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, status.INTERNAL, String(error))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
