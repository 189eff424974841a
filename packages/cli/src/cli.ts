/**
 * The `secrets` executable: parses the command line, runs the command, and
 * turns any failure into one `secrets: …` line and a documented exit code.
 * @module
 */
import module from 'node:module'
import { EXIT, reportError } from './_errors.js'
import { createProgram } from './program.js'

// Node 22.1+ keeps compiled code of what is imported from here on (the store,
// the adapter, its driver) in its cache directory, so later runs start faster.
;(module as { enableCompileCache?: () => unknown }).enableCompileCache?.()

// A reader that goes away (`secrets list | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error
})

// Last resort: a failure outside any command (an unhandled stream error) is one line too.
process.on('uncaughtException', (error) => {
  process.exit(reportError(error))
})

try {
  await createProgram().parseAsync(process.argv)
} catch (error) {
  process.exitCode = reportError(error)
}
if (process.exitCode === undefined) process.exitCode = EXIT.ok
