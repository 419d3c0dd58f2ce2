// The test runner's own settings (package.json "tap"): a test file that covers no
// source, such as test/program/dockerfile.test.ts, passes when run alone.

import { spawnSync } from 'node:child_process'
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

t.test('tap on a file that covers no source exits 0 (allow-empty-coverage)', async (t) => {
  // A project of its own with this one's tap settings, so that its run leaves this run's .tap alone.
  const dir = t.testdir({ test: { 'nothing.test.ts': "import t from 'tap'\nt.pass('covers no source')\n" } })
  const { tap } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { tap: object }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'tap-config-check', type: 'module', private: true, tap }))
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
  const result = spawnSync(join(ROOT, 'node_modules/.bin/tap'), ['-R', 'tap', 'test/nothing.test.ts'], {
    cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME }, encoding: 'utf8', timeout: 120_000
  })
  t.match(result.stdout, /# No coverage generated/, 'no coverage, as for the Dockerfile check')
  t.match(result.stdout, /# \{ total: 1, pass: 1 \}/)
  t.equal(result.status, 0, 'and still a pass')
})
