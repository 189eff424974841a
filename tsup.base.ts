import { defineConfig, type Options } from 'tsup'

/**
 * The JavaScript build every package shares: ESM and CJS, one entry per public
 * subpath, Node 20.19 as the floor. Declarations are not made here: one
 * `tsc --build` over every package writes them (`pnpm build:types`, see
 * scripts/build-types.mjs), so cleaning keeps them.
 */
export function packageBuild(entry: Record<string, string>, extra: Partial<Options> = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: false,
    sourcemap: true,
    // Removes the previous JavaScript, keeps the declarations (another task writes them).
    clean: ['!**/*.d.ts', '!**/*.d.cts'],
    target: 'node20',
    splitting: true,
    ...extra,
  })
}
