// Bundles the CLI (plain Node, no Electron) into out/cli/simfleet.mjs, and the label
// worker it starts (main/labels/label-jobs.ts) into out/cli/label-worker.mjs beside it.
import { build } from 'esbuild';

await build({
  entryPoints: { simfleet: 'main/cli/index.ts', 'label-worker': 'main/labels/label-worker.ts' },
  outdir: 'out/cli',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
