// A progress bar for long work (generating a large dataset) on a terminal; silent
// when the output is not one, so logs and CI output stay clean.

/** Reports `done` of `total`; `finish` says how long the whole took. */
export interface Progress {
  update(done: number, total: number): void
  finish(summary: string): void
}

const WIDTH = 30

/** A bar on `stream` when it is a terminal; otherwise only the closing summary line. */
export function progressReporter (stream: NodeJS.WriteStream, label: string): Progress {
  const started = performance.now()
  let shown = -1
  return {
    update (done, total) {
      if (!stream.isTTY) return
      const percent = total === 0 ? 100 : Math.floor((done * 100) / total)
      if (percent === shown) return
      shown = percent
      const filled = Math.round((percent / 100) * WIDTH)
      stream.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(WIDTH - filled)}] ${percent}% (${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')})`)
    },
    finish (summary) {
      if (shown >= 0) stream.write('\n')
      stream.write(`${summary} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
    }
  }
}
