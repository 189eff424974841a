import { packageBuild } from '../../tsup.base'

// CommonJS: the package only (see tsup.config.ts). Runs after it, into the
// same dist, without cleaning it.
export default packageBuild({ index: 'src/index.ts' }, { format: ['cjs'], clean: false })
