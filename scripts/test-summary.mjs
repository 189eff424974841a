// Prints the closing lines of one or more vitest JSON reports (one per Node.js
// run): a line per report, then "tests: N passed, N failed, N skipped" over all
// of them, plus the test files that failed to run (a file that throws while
// loading has no tests, so it would otherwise go unnoticed).
// Exits non-zero when any test or file failed, a report says it did not
// succeed, or no test ran.
//
//   node scripts/test-summary.mjs .ci/results/vitest-node20.json [.ci/results/vitest-node22.json …]
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'

const files = process.argv.slice(2)
if (files.length === 0) {
  console.error('usage: node scripts/test-summary.mjs <vitest json report>…')
  process.exit(2)
}

const total = { passed: 0, failed: 0, skipped: 0, failedFiles: 0 }
let ok = true
for (const file of files) {
  const report = JSON.parse(readFileSync(file, 'utf8'))
  const passed = report.numPassedTests
  const failed = report.numFailedTests
  const skipped = report.numPendingTests + report.numTodoTests
  const failedFiles = report.testResults.filter((result) => result.status === 'failed')
  const brokenFiles = failedFiles.filter((result) =>
    result.assertionResults.every((test) => test.status !== 'failed'),
  )
  total.passed += passed
  total.failed += failed
  total.skipped += skipped
  total.failedFiles += failedFiles.length
  if (failed > 0 || failedFiles.length > 0 || report.success === false || passed === 0) ok = false
  if (files.length > 1) {
    const counts = `${report.testResults.length} files${failedFiles.length ? `, ${failedFiles.length} failed` : ''}`
    console.log(
      `${basename(file, '.json').replace(/^vitest-/, '')}: ${passed} passed, ${failed} failed, ${skipped} skipped (${counts})`,
    )
  }
  for (const result of brokenFiles) {
    console.log(
      `  failed to run: ${result.name}${result.message ? `: ${result.message.split('\n')[0]}` : ''}`,
    )
  }
}
const broken = total.failedFiles > 0 ? `, ${total.failedFiles} test files failed` : ''
console.log(
  `tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped${broken}`,
)
if (!ok) process.exit(1)
