#!/usr/bin/env node
// The `simfleet` CLI. Runs the built bundle (npm run build); in a source checkout
// without a build it runs the TypeScript sources through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../out/cli/simfleet.mjs', import.meta.url));
if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('simfleet: not built. Run `npm install` and `npm run build` in the SimFleet folder first.\n');
    process.exit(2);
  }
  register();
  await import(new URL('../main/cli/index.ts', import.meta.url).href);
}
