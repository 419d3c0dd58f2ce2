// openapi.yaml passes a standard OpenAPI linter: Redocly's, with its recommended
// rules, as `npx @redocly/cli lint openapi.yaml` runs them in this folder (no
// redocly.yaml, which openapi-typescript would read too; .redocly.lint-ignore.yaml).

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BaseResolver, createConfig, lint, loadIgnoreConfig } from '@redocly/openapi-core'
import { load as parseYaml } from 'js-yaml'
import t from 'tap'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

t.test('Redocly\'s recommended rules find no error and no warning in openapi.yaml', async (t) => {
  // The ignore file is read from the folder of the config file, had there been one.
  const ignore = await loadIgnoreConfig(join(ROOT, 'redocly.yaml'), new BaseResolver())
  const config = await createConfig({ extends: ['recommended'] }, { ignore })
  const problems = await lint({ ref: join(ROOT, 'openapi.yaml'), config })
  const unignored = problems.filter((problem) => !problem.ignored)
  t.same(unignored.map((problem) => `${problem.severity} ${problem.ruleId}: ${problem.message} (${problem.location[0]?.pointer})`), [])
  t.same(problems.filter((problem) => problem.ignored).map((problem) => `${problem.ruleId} ${problem.location[0]?.pointer}`),
    ['no-path-trailing-slash #/paths/~1docs~1'], 'and only the ignore file\'s one problem is ignored: /docs/, Swagger UI\'s page')
})

t.test('the ignore file names that one problem, and nothing else', async (t) => {
  t.same(parseYaml(readFileSync(join(ROOT, '.redocly.lint-ignore.yaml'), 'utf8')), { 'openapi.yaml': { 'no-path-trailing-slash': ['#/paths/~1docs~1'] } })
})
