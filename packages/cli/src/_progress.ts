/**
 * Progress of a walk over every record, on stderr: a bar redrawn in place on
 * a terminal (done/total, rate, ETA), else one plain line per page, which
 * logs keep readable.
 * @module
 */

/** Reports progress of `total` records: `update` after every page, `done` (idempotent) at the end. */
export interface Progress {
  update(done: number, detail: string): void
  done(): void
}

const WIDTH = 24

function seconds(s: number): string {
  if (!Number.isFinite(s)) return '?'
  if (s < 60) return `${Math.ceil(s)}s`
  const m = Math.floor(s / 60)
  return m < 60
    ? `${m}m${String(Math.ceil(s % 60)).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${m % 60}m`
}

/**
 * A progress reporter for `label` over `total` records.
 * @param stream where to draw; a bar only when it is a terminal
 */
export function progress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  const start = performance.now()
  const tty = stream.isTTY === true
  let drawn = false
  return {
    update(done, detail) {
      if (!tty) {
        stream.write(`${label}: ${done}/${total} records, ${detail}\n`)
        return
      }
      const elapsed = (performance.now() - start) / 1000
      const rate = elapsed > 0 ? done / elapsed : 0
      const share = total > 0 ? Math.min(1, done / total) : 1
      const filled = Math.round(share * WIDTH)
      const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`
      const eta = rate > 0 ? seconds(Math.max(0, total - done) / rate) : '?'
      stream.write(
        `\r\x1b[2K${label} ${bar} ${done}/${total} ${Math.floor(share * 100)}%  ${Math.round(rate)}/s  ETA ${eta}  ${detail}`,
      )
      drawn = true
    },
    done() {
      if (drawn) stream.write('\n')
      drawn = false
    },
  }
}
