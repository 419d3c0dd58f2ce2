#!/usr/bin/env node
// The `oncehub-mock` executable. A clone runs the TypeScript source, whose types
// Node strips itself, so it never runs a stale build. An installed package ships
// only the compiled dist/ (Node strips no types under node_modules), and runs that.

import { existsSync } from 'node:fs'

const source = new URL('./cli.ts', import.meta.url)
await import(existsSync(source) ? source.href : new URL('../dist/cli.js', import.meta.url).href)
