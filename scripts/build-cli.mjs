// Bundles the CLI (plain Node, no Electron) into out/cli/simfleet.mjs, and the label
// worker it starts (main/labels/label-jobs.ts) into out/cli/label-worker.mjs beside it.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunks are named by their hash: a build starts from an empty folder, so none of an older build is left beside it.
rmSync('out/cli', { recursive: true, force: true });

await build({
  entryPoints: { simfleet: 'main/cli/index.ts', 'label-worker': 'main/labels/label-worker.ts' },
  outdir: 'out/cli',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // One chunk per command (main/cli/index.ts imports each when it runs), so start-up loads only what the command needs.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
