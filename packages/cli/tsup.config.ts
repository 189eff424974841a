import { packageBuild } from '../../tsup.base'

// One executable ESM file; dependencies stay external (installed beside it).
export default packageBuild(
  { cli: 'src/cli.ts' },
  { format: ['esm'], splitting: false, banner: { js: '#!/usr/bin/env node' } },
)
