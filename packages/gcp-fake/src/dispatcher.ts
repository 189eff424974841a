import { status } from '@grpc/grpc-js'
import { RpcError } from './errors.js'
import { HANDLERS, type HandlerContext } from './handlers.js'

/** How one RPC ended: a response message, or a gRPC status code and message. */
export type Outcome = { ok: true; response: unknown } | { ok: false; code: number; message: string }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Runs RPCs for both transports (gRPC and REST) and holds the test hooks: call counts,
 * queued failures and latency. The handler itself runs synchronously after any delay,
 * so each call's read-modify-write of the store is atomic.
 */
export class Dispatcher {
  private counts: Record<string, number> = {}
  private readonly failures = new Map<string, { code: number; message: string }[]>()

  constructor(
    private readonly ctx: HandlerContext,
    /** Every method of the service, implemented or not. */
    readonly methods: readonly string[],
    public latencyMs = 0,
  ) {}

  /** Runs `method` on a request already decoded to the proto-loader shape. */
  async dispatch(method: string, request: unknown): Promise<Outcome> {
    this.counts[method] = (this.counts[method] ?? 0) + 1
    const failure = this.failures.get(method)?.shift()
    if (this.latencyMs > 0) await sleep(this.latencyMs)
    if (failure) return { ok: false, ...failure }
    const handler = HANDLERS[method]
    if (!handler)
      return { ok: false, code: status.UNIMPLEMENTED, message: `${method} is not faked.` }
    try {
      return { ok: true, response: handler(this.ctx, request) }
    } catch (error) {
      if (error instanceof RpcError) return { ok: false, code: error.code, message: error.message }
      const message = error instanceof Error ? error.message : String(error)
      return { ok: false, code: status.INTERNAL, message }
    }
  }

  /** The service's spelling of `method` (`accessSecretVersion` → `AccessSecretVersion`). */
  methodName(method: string): string {
    const name = method.charAt(0).toUpperCase() + method.slice(1)
    if (!this.methods.includes(name)) throw new Error(`Unknown Secret Manager method: ${method}`)
    return name
  }

  calls(): Record<string, number> {
    return { ...this.counts }
  }

  resetCalls(): void {
    this.counts = {}
  }

  failNext(method: string, code: number, message?: string): void {
    const name = this.methodName(method)
    const queue = this.failures.get(name) ?? []
    queue.push({ code, message: message ?? `Injected failure of ${name}.` })
    this.failures.set(name, queue)
  }

  /** Drops queued failures and counts. */
  reset(): void {
    this.failures.clear()
    this.counts = {}
  }
}
