/**
 * CLI start-up (docs/cli.md, "Start-up"): `simfleet --help`, `simfleet labels --help` and a
 * `check` of a 200-row list, each a whole process started from the built bundle, against a
 * bare `node -e 0`, taken in turn (A B A B …) so a drifting machine moves both alike; the
 * median of each and their ratio. Target (issue 27): ≤ 2.5× a bare Node start.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { luhnCheckDigit } from '../main/import/iccid';

const RUNS = 15;

function wallMs(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
  if (r.status !== 0 && r.status !== 5) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchCliStartup(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-bench-cli-'));
  const list = join(dir, 'carton.csv');
  const rows = Array.from({ length: 200 }, (_, i) => {
    const body = `8901260${String(5_000_000 + i).padStart(11, '0')}`;
    return body + luhnCheckDigit(body);
  });
  writeFileSync(list, ['ICCID', ...rows].join('\n'));
  const env = { ...process.env, SIMFLEET_DATA_DIR: join(dir, 'data') };
  const cases: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['simfleet --help', ['bin/simfleet.mjs', '--help']],
    ['simfleet labels --help', ['bin/simfleet.mjs', 'labels', '--help']],
    ['simfleet check (200 rows)', ['bin/simfleet.mjs', 'check', list]],
  ];
  console.log(`CLI start-up: each a whole process from the built bundle, ${RUNS} runs in turn with node -e 0, medians`);
  for (const [name, args] of cases) {
    wallMs(args, env);
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      a.push(wallMs(args, env));
      b.push(wallMs(['-e', '0'], env));
    }
    console.log(`  ${name}: ${median(a).toFixed(0)} ms, node -e 0: ${median(b).toFixed(0)} ms, ratio ${(median(a) / median(b)).toFixed(2)} (target ≤ 2.5)`);
  }
}
