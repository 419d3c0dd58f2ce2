#!/usr/bin/env node
// The `oncehub-mock` executable. A clone runs the TypeScript source through tsx,
// so it never runs a stale build; an installed package, which ships only the
// compiled dist/, runs that.

import { existsSync } from 'node:fs'

const source = new URL('./cli.ts', import.meta.url)
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api')
  register()
  await import(source.href)
} else {
  await import(new URL('../dist/cli.js', import.meta.url).href)
}
