import { status } from '@grpc/grpc-js'

/** An error that the server answers with its gRPC status code and message. */
export class RpcError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message)
    this.name = 'RpcError'
  }
}

/** INVALID_ARGUMENT (HTTP 400): the request itself is malformed. */
export const invalid = (message: string): RpcError => new RpcError(status.INVALID_ARGUMENT, message)

/** NOT_FOUND (HTTP 404). */
export const notFound = (message: string): RpcError => new RpcError(status.NOT_FOUND, message)

/** ALREADY_EXISTS (HTTP 409). */
export const alreadyExists = (message: string): RpcError =>
  new RpcError(status.ALREADY_EXISTS, message)

/** FAILED_PRECONDITION (HTTP 400): wrong state, or an etag that does not match. */
export const failedPrecondition = (message: string): RpcError =>
  new RpcError(status.FAILED_PRECONDITION, message)
