/**
 * `secrets serve`: the REST API of `@secrets/http` over the configured store,
 * on 127.0.0.1 unless told otherwise, with the bearer tokens of
 * `SECRETS_API_TOKENS` (hashes only), and with `--ui` the operator page. It
 * refuses to start without a token.
 * @module
 */
import { SecretsError } from '@secrets/core'
import type { Command } from 'commander'
import { withStore } from '../_context.js'
import { CliError, EXIT } from '../_errors.js'
import { examples } from '../_help.js'
import { parsePort } from '../_parse.js'

interface ServeFlags {
  port: number
  host: string
  allowValueReads?: boolean
  ui?: boolean
}

/** Registers `serve`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .summary('serve the REST API')
    .description(
      'serve the REST API (docs/http-api.md) over the configured store until Ctrl-C; tokens come from SECRETS_API_TOKENS, as sha256 hashes',
    )
    .option('--port <port>', 'the port (0 picks a free one)', parsePort, 8787)
    .option('--host <address>', 'the address to listen on', '127.0.0.1')
    .option('--allow-value-reads', 'serve GET /secrets/{name}/value (audited reads)')
    .option('--ui', 'serve the operator page at /ui (docs/dashboard.md)')
    .addHelpText(
      'after',
      examples(
        'TOKEN="$(openssl rand -hex 32)"',
        'HASH="$(printf %s "$TOKEN" | sha256sum | cut -d" " -f1)"',
        'SECRETS_API_TOKENS="sha256:$HASH:rw:tenant=acme:ops" secrets serve --port 8787',
        'curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8787/secrets',
      ),
    )
    .action(async (flags: ServeFlags) => {
      const http = await import('@secrets/http')
      let tokens: ReturnType<typeof http.parseApiTokens>
      try {
        tokens = http.parseApiTokens(process.env.SECRETS_API_TOKENS)
      } catch (error) {
        if (!SecretsError.isInstance(error)) throw error
        throw new CliError(EXIT.config, error.message)
      }
      await withStore({}, async ({ secrets, auditTable }) => {
        const api = http.createSecretsApi({
          secrets,
          authorize: http.bearerTokens({ tokens }),
          allowValueReads: flags.allowValueReads === true,
          ui: flags.ui === true,
          ...(auditTable ? { accessLog: auditTable } : {}),
        })
        const server = await http.serveSecretsApi({ api, port: flags.port, hostname: flags.host })
        process.stderr.write(`secrets: serving the API on ${server.url} (Ctrl-C stops)\n`)
        if (flags.ui) process.stderr.write(`secrets: the operator page is at ${server.url}/ui/\n`)
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve)
          process.once('SIGTERM', resolve)
        })
        await server.close()
      })
    })
}
