/** Memory figures: a full collection on demand, and peaks above a baseline. */
import v8 from 'node:v8'
import vm from 'node:vm'

v8.setFlagsFromString('--expose-gc')
/** Runs a full garbage collection, so that memory figures start from a settled heap. */
export const collectGarbage = vm.runInNewContext('gc') as () => void

/**
 * Tracks memory above a baseline taken at creation: the peak of heapUsed and
 * rss (garbage included, so it depends on when V8 chooses to collect), and the
 * peak of what stays live after a full collection (what the code holds).
 */
export function memoryPeak() {
  collectGarbage()
  const base = process.memoryUsage()
  let heap = 0
  let rss = 0
  let retained = 0
  let gcMs = 0
  return {
    /** Takes one sample. */
    sample() {
      const now = process.memoryUsage()
      heap = Math.max(heap, now.heapUsed - base.heapUsed)
      rss = Math.max(rss, now.rss - base.rss)
    },
    /** Collects garbage, then samples what is live; the time it takes is kept apart. */
    sampleRetained() {
      const start = performance.now()
      collectGarbage()
      retained = Math.max(retained, process.memoryUsage().heapUsed - base.heapUsed)
      gcMs += performance.now() - start
    },
    /** Peak extra heap, rss and live heap, in MiB, and the milliseconds spent collecting. */
    peak: () => ({
      heapMiB: heap / 2 ** 20,
      rssMiB: rss / 2 ** 20,
      retainedMiB: retained / 2 ** 20,
      gcMs,
    }),
  }
}
