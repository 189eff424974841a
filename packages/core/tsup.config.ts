import { packageBuild } from '../../tsup.base'

// ESM: the package and the conformance kit, sharing chunks (so the kit's error
// classes are the package's own). The kit is ESM only: it awaits vitest, which
// refuses require(). The CommonJS build of the package is tsup.cjs.config.ts.
export default packageBuild(
  { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  { format: ['esm'], external: ['vitest'] },
)
