// The published build: one ESM file and one bundled .d.ts. The contract (a private, source-only
// workspace package, resolved to its source) is bundled in, code and types; zod (a dependency)
// and tRPC (peers) stay imports, and nothing else from node_modules may be bundled.
import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  dts: { tsconfig: 'tsconfig.build.json' },
  deps: { onlyBundle: [] },
  clean: true,
  // Timings say only that the .d.ts step is the slow one (it runs tsc), on every build.
  checks: { pluginTimings: false },
});
