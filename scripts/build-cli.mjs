// Bundles the CLI (plain Node, no Electron) into out/cli/simfleet.mjs.
import { build } from 'esbuild';

await build({
  entryPoints: ['main/cli/index.ts'],
  outfile: 'out/cli/simfleet.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
