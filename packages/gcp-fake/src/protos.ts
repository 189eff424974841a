import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import * as grpc from '@grpc/grpc-js'
import * as protoLoader from '@grpc/proto-loader'

const require = createRequire(import.meta.url)

/** Walks up from `start` until `marker` exists below the folder, for package roots. */
function findUp(start: string, marker: string): string {
  let dir = start
  while (!existsSync(path.join(dir, marker))) {
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error(`cannot find ${marker} above ${start}`)
    dir = parent
  }
  return dir
}

/**
 * The include folders for the Secret Manager protos: the ones shipped in
 * `@google-cloud/secret-manager`, and google-gax's (google/api, google/iam,
 * google/protobuf), resolved from where the client itself resolves google-gax.
 */
export function protoIncludeDirs(): string[] {
  const smRoot = findUp(
    path.dirname(require.resolve('@google-cloud/secret-manager')),
    'build/protos/google/cloud/secretmanager/v1/service.proto',
  )
  return [path.join(smRoot, 'build/protos'), path.join(gaxRoot(), 'build/protos')]
}

/** The folder of the google-gax that `@google-cloud/secret-manager` itself loads. */
export function gaxRoot(): string {
  const smRequire = createRequire(require.resolve('@google-cloud/secret-manager'))
  return findUp(path.dirname(smRequire.resolve('google-gax')), 'build/protos/google/api')
}

/** `require` as google-gax sees it, for its own dependencies (proto3-json-serializer). */
export const gaxRequire = (): NodeJS.Require => createRequire(path.join(gaxRoot(), 'package.json'))

/** `require` as @grpc/proto-loader sees it, for its protobufjs. */
export const protoLoaderRequire = (): NodeJS.Require =>
  createRequire(require.resolve('@grpc/proto-loader'))

/** The loader options: snake_case field names, int64 as strings, enums as names. */
export const loaderOptions: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
}

let cached: grpc.ServiceDefinition | undefined

/** The `google.cloud.secretmanager.v1.SecretManagerService` definition, loaded once. */
export function secretManagerService(): grpc.ServiceDefinition {
  if (cached) return cached
  const definition = protoLoader.loadSync('google/cloud/secretmanager/v1/service.proto', {
    ...loaderOptions,
    includeDirs: protoIncludeDirs(),
  })
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    google: {
      cloud: {
        secretmanager: { v1: { SecretManagerService: { service: grpc.ServiceDefinition } } }
      }
    }
  }
  cached = loaded.google.cloud.secretmanager.v1.SecretManagerService.service
  return cached
}
