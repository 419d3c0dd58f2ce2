// Start-up's long steps (generating a large dataset, then building its indexes): a
// progress bar on a terminal, and one line per step saying how long it took.

/** Reports `done` of `total`; `finish` ends a step, saying how long it took, and starts the next one's clock. */
export interface Progress {
  update(done: number, total: number): void
  finish(summary: string): void
}

export interface ProgressOptions {
  /** Where each step's line goes (the server's logger); plain lines on the stream if not given. */
  log?: (line: string) => void
  /** Draw the bar: by default when the stream is a terminal. */
  bar?: boolean
}

const WIDTH = 30

/** A bar on `stream` when asked for, and a line per finished step. */
export function progressReporter (stream: NodeJS.WriteStream, label: string, options: ProgressOptions = {}): Progress {
  const log = options.log ?? ((line: string) => stream.write(`${line}\n`))
  const bar = options.bar ?? stream.isTTY === true
  let started = performance.now()
  let shown = -1
  return {
    update (done, total) {
      if (!bar) return
      const percent = total === 0 ? 100 : Math.floor((done * 100) / total)
      if (percent === shown) return
      shown = percent
      const filled = Math.round((percent / 100) * WIDTH)
      stream.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(WIDTH - filled)}] ${percent}% (${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')})`)
    },
    finish (summary) {
      if (shown >= 0) stream.write('\n')
      shown = -1
      log(`${summary} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
      started = performance.now()
    }
  }
}
