/** Test environment: which optional servers and tools are there (never optional in CI). */

/** Whether a suite must be skipped because `variable` is unset (a failure in CI instead). */
export function skipWithout(variable: string): boolean {
  if (process.env[variable]) return false
  if (process.env.CI) throw new Error(`${variable} must be set in CI`)
  console.log(
    `[@secrets/migrate] a test skipped: ${variable} is not set (eval "$(scripts/services.sh up)")`,
  )
  return true
}
