/**
 * `pnpm bench` for @secrets/core: every figure is a ratio against a baseline
 * measured in the same run.
 */
import { benchCrypto } from './crypto.js'
import { benchResolver } from './resolver.js'
import { benchStore } from './store.js'

console.log(`@secrets/core benchmarks (node ${process.version}); medians of alternating rounds`)
await benchCrypto()
await benchStore()
await benchResolver()
