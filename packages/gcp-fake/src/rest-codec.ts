import { existsSync } from 'node:fs'
import path from 'node:path'
import type * as grpc from '@grpc/grpc-js'
import { gaxRequire, protoIncludeDirs, protoLoaderRequire } from './protos.js'

/**
 * Converts between proto3 JSON (what a REST client sends, camelCase) and the proto-loader
 * objects the handlers take, by way of the binary encoding: JSON → protobufjs message
 * (proto3-json-serializer, as google-gax itself uses) → bytes → the gRPC deserializer,
 * and back the same way for responses. So both transports run the very same handlers.
 */

interface PbType {
  encode(message: unknown): { finish(): Uint8Array }
  decode(bytes: Uint8Array): unknown
}
/** The parts of a protobufjs Method the REST server reads. */
export interface PbMethod {
  name: string
  parsedOptions?: Record<string, unknown>[] | null
  resolvedRequestType: PbType | null
  resolvedResponseType: PbType | null
}
interface PbRoot {
  resolvePath: (origin: string, target: string) => string
  loadSync(file: string): PbRoot
  resolveAll(): PbRoot
  lookupService(name: string): { methods: Record<string, PbMethod> }
}
interface Serializer {
  fromProto3JSON(type: PbType, json: unknown): unknown
  toProto3JSON(message: unknown, options?: { numericEnums?: boolean }): unknown
}

/** Codec for one service's methods. */
export class RestCodec {
  readonly methods: Record<string, PbMethod>
  private readonly serializer: Serializer

  constructor(private readonly grpcService: grpc.ServiceDefinition) {
    const protobuf = protoLoaderRequire()('protobufjs') as { Root: new () => PbRoot }
    this.serializer = gaxRequire()('proto3-json-serializer') as Serializer
    const root = new protobuf.Root()
    const dirs = protoIncludeDirs()
    root.resolvePath = (_origin, target) =>
      dirs.map((d) => path.join(d, target)).find((p) => existsSync(p)) ?? target
    root.loadSync('google/cloud/secretmanager/v1/service.proto').resolveAll()
    this.methods = root.lookupService('google.cloud.secretmanager.v1.SecretManagerService').methods
  }

  /** A proto3 JSON request → the object the gRPC server would have decoded. */
  decodeRequest(method: string, json: unknown): unknown {
    const type = this.methods[method]?.resolvedRequestType
    if (!type) throw new Error(`no request type for ${method}`)
    const message = this.serializer.fromProto3JSON(type, json)
    const bytes = Buffer.from(type.encode(message).finish())
    return this.grpcService[method]!.requestDeserialize(bytes)
  }

  /** A handler's response object → proto3 JSON. */
  encodeResponse(method: string, response: unknown, numericEnums: boolean): unknown {
    const type = this.methods[method]?.resolvedResponseType
    if (!type) throw new Error(`no response type for ${method}`)
    const bytes = this.grpcService[method]!.responseSerialize(response)
    return this.serializer.toProto3JSON(type.decode(bytes), { numericEnums }) ?? {}
  }
}
