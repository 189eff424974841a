/** One step of a config path: an object key or an array index. */
export type ConfigPathKey = string | number

/** The path of the config's root value itself. */
export const ROOT_CONFIG_PATH = '(root)'

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/**
 * Renders a config path the way error messages and audit events show it:
 * identifier keys after a dot, indexes in brackets, any other key as a JSON
 * string in brackets.
 * @param keys the keys from the root
 * @returns such as `plugins[2].env.SLACK_TOKEN` or `headers["x-api-key"]`; `(root)` for none
 * @example
 * ```ts
 * formatConfigPath(['plugins', 2, 'env', 'a b']) // 'plugins[2].env["a b"]'
 * ```
 */
export function formatConfigPath(keys: readonly ConfigPathKey[]): string {
  if (keys.length === 0) return ROOT_CONFIG_PATH
  let path = ''
  for (const key of keys) {
    if (typeof key === 'number') path += `[${key}]`
    else if (IDENTIFIER.test(key)) path += path === '' ? key : `.${key}`
    else path += `[${JSON.stringify(key)}]`
  }
  return path
}
