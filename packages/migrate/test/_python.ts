/** Runs a Python script with SECRETS_TEST_PYTHON (the moto virtualenv's, which has `cryptography`). */
import { execFileSync } from 'node:child_process'

/** Runs `script` with `input` as JSON on stdin; returns its stdout parsed as JSON. */
export function runPython<T>(script: string, input: unknown = null): T {
  const python = process.env.SECRETS_TEST_PYTHON
  if (!python) throw new Error('SECRETS_TEST_PYTHON is not set')
  const out = execFileSync(python, ['-c', script], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    timeout: 30_000,
  })
  return JSON.parse(out) as T
}

/** Whether the Python has a module (for modules that are not guaranteed). */
export function pythonHas(module: string): boolean {
  const python = process.env.SECRETS_TEST_PYTHON
  if (!python) return false
  try {
    execFileSync(python, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 30_000 })
    return true
  } catch {
    return false
  }
}
