// Lint: neostandard, TypeScript-aware. `npm run lint`.
import neostandard from 'neostandard'

export default [
  ...neostandard({ ts: true, ignores: ['dist/**', 'node_modules/**', 'src/openapi/types.gen.ts', '.tap/**'] })
]
