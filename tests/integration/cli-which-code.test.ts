/** `bin/simfleet.mjs` runs what is in the tree: the build when it is current, the sources when one is newer (docs/cli.md). */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

function checkout(): { root: string; run: () => string; touch: (path: string, seconds: number) => void } {
  const root = mkdtempSync(join(tmpdir(), 'simfleet-bin-'));
  for (const dir of ['bin', 'out/cli', 'main/cli', 'preload']) mkdirSync(join(root, dir), { recursive: true });
  copyFileSync('bin/simfleet.mjs', join(root, 'bin/simfleet.mjs'));
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
  writeFileSync(join(root, 'out/cli/simfleet.mjs'), "process.stdout.write('built');\n");
  writeFileSync(join(root, 'main/cli/index.ts'), "const where: string = 'sources';\nprocess.stdout.write(where);\n");
  writeFileSync(join(root, 'preload/contract.ts'), 'export {};\n');
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  const touch = (path: string, seconds: number): void => utimesSync(join(root, path), seconds, seconds);
  return { root, run: () => execFileSync(process.execPath, [join(root, 'bin/simfleet.mjs')], { encoding: 'utf8' }), touch };
}

describe('which code the CLI runs', () => {
  it('runs the build when it is newer than every source', () => {
    const c = checkout();
    c.touch('main/cli/index.ts', 1_000);
    c.touch('preload/contract.ts', 1_000);
    c.touch('out/cli/simfleet.mjs', 2_000);
    expect(c.run()).toBe('built');
  });

  it('runs the sources when one of them was edited after the build', () => {
    const c = checkout();
    c.touch('out/cli/simfleet.mjs', 2_000);
    c.touch('main/cli/index.ts', 1_000);
    c.touch('preload/contract.ts', 3_000);
    expect(c.run()).toBe('sources');
  });
});
