/**
 * Measurement and reporting helpers shared by the benchmarks. A benchmark and
 * its baseline run in alternating rounds within one process, and the median
 * of the rounds is reported: on a shared, noisy machine only ratios measured
 * in the same run mean anything.
 * @module
 */
export { collectGarbage, memoryPeak } from './memory.js'
export { type Candidate, measure, opsPerSecond, printRatios, type Rates } from './rates.js'
export { median, printTable } from './report.js'
export { timeRounds } from './rounds.js'
