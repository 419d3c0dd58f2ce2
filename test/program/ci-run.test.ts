// .ci/run's last line, run against a stand-in `npm` whose `npm test` prints what a
// real run would: a tap summary, type errors, or a crash.

import { spawnSync } from 'node:child_process'
import { chmodSync, cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

t.test('.ci/run ends with one plain line saying how the run went, and its exit code', async (t) => {
  const dir = t.testdir()
  mkdirSync(join(dir, '.ci'))
  cpSync(join(ROOT, '.ci/run'), join(dir, '.ci/run'))
  mkdirSync(join(dir, 'bin'))
  writeFileSync(join(dir, 'bin/npm'), '#!/bin/sh\n[ "$1" = test ] || exit 0\ncat "$NPM_TEST_OUTPUT"\nexit "$NPM_TEST_STATUS"\n')
  chmodSync(join(dir, 'bin/npm'), 0o755)

  // [what `npm test` printed, its exit code, .ci/run's last line, .ci/run's exit code]
  const cases: Array<[string, number, string, number]> = [
    ['# { total: 5, pass: 5 }\n', 0, '5 passed, 0 failed', 0],
    ['not ok 3\n# { total: 10, pass: 9, fail: 1 }\n', 1, '9 passed, 1 failed', 1],
    ["src/a.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.\nsrc/b.ts(2,1): error TS2304: Cannot find name 'x'.\n", 2, 'type check failed (2 errors): no tests ran', 2],
    ['Error: Cannot find module tap\n', 1, 'no test summary: the run ended (exit code 1) before tap printed one', 1],
    ['', 0, 'no test summary: the run ended (exit code 0) before tap printed one', 1]
  ]
  for (const [output, status, line, exit] of cases) {
    writeFileSync(join(dir, 'output'), output)
    const run = spawnSync(join(dir, '.ci/run'), { encoding: 'utf8', env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, NPM_TEST_OUTPUT: join(dir, 'output'), NPM_TEST_STATUS: String(status) } })
    t.equal(run.stdout.trimEnd().split('\n').at(-1), line, line)
    t.equal(run.status, exit, `${line}: exit code`)
  }
})
