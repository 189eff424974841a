import { defineConfig, type Options } from 'tsup'

/**
 * The build every package shares: ESM and CJS with declarations, one entry per
 * public subpath, Node 20.19 as the floor.
 */
export function packageBuild(entry: Record<string, string>, extra: Partial<Options> = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: true,
    treeshake: true,
    ...extra,
  })
}
