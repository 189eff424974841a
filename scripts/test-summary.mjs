// Prints the closing line of a vitest JSON report: "tests: N passed, N failed, N skipped".
// Exits non-zero when any test failed or none ran.
import { readFileSync } from 'node:fs'

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const {
  numPassedTests: passed,
  numFailedTests: failed,
  numPendingTests: skipped,
  numTodoTests: todo,
} = report
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped + todo} skipped`)
if (failed > 0 || passed === 0) process.exit(1)
