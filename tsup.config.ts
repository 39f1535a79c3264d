import { defineConfig } from 'tsup';

// The library ships ESM + CJS with types; the CLI and the scan worker are CJS files run by node directly.
export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    shims: true,
    target: 'node20',
  },
  {
    entry: { cli: 'src/cli/main.ts', 'scan-worker': 'src/cli/scan-worker.ts', precompile: 'src/pack/precompile.ts' },
    format: ['cjs'],
    sourcemap: true,
    shims: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
