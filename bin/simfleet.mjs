#!/usr/bin/env node
// The `simfleet` CLI. Runs the built bundle (npm run build). In a source checkout it runs
// the TypeScript sources through tsx when there is no build or when a source file is newer
// than the build, so an edit is never run as old code (docs/cli.md, "Which code runs").
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../out/cli/simfleet.mjs', import.meta.url));
const sourceDirs = ['../main/', '../preload/'].map((dir) => fileURLToPath(new URL(dir, import.meta.url))).filter((dir) => existsSync(dir));

/** The newest modification time of the TypeScript sources (0 in a package without them). */
function newestSource() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  sourceDirs.forEach(visit);
  return newest;
}

const fresh = existsSync(built) && (sourceDirs.length === 0 || newestSource() <= statSync(built).mtimeMs);
if (fresh) {
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
