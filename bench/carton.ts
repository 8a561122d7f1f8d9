/**
 * Carton to labels (issue 27; README.md, "Benchmarks"): 1,000 SIMs through `simfleet
 * check`, `provision` and `labels`, each a whole process from the built bundle, against the
 * standalone simulator at 600 requests a minute (a sliding window, main/simulator/rate-limit.ts)
 * with 300 ms of latency. Prints each step's time, the whole against the physical minimum
 * (1,000 purchases at 10 a second: 100 s), and the 429s the simulator answered. Target:
 * ≤ 1.03× the minimum with no 429.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { luhnCheckDigit } from '../main/import/iccid';
import { PRACTICE_ACCOUNT_KEY, PRACTICE_ACCOUNT_SECRET } from '../main/simulator/state';

const SIMS = 1000;
const RATE = 600;
const LATENCY_MS = 300;
const env = { ...process.env, TELEGENT_ACCOUNT_KEY: PRACTICE_ACCOUNT_KEY, TELEGENT_ACCOUNT_SECRET: PRACTICE_ACCOUNT_SECRET };

/** A whole `simfleet` process, timed; its exit code must be one the step allows. */
function timed(args: readonly string[], allowed: readonly number[] = [0]): Promise<number> {
  const start = performance.now();
  const child = spawn(process.execPath, ['bin/simfleet.mjs', ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  child.stderr!.on('data', (c: Buffer) => (said += c.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (allowed.includes(code ?? -1) ? resolve(performance.now() - start) : reject(new Error(`${args[0]} exited ${code}: ${said}`)))),
  );
}

export async function benchCarton(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-bench-carton-'));
  const list = join(dir, 'carton.csv');
  const iccids = Array.from({ length: SIMS }, (_, i) => {
    const body = `8901260${String(7_000_000 + i).padStart(11, '0')}`;
    return body + luhnCheckDigit(body);
  });
  writeFileSync(list, ['ICCID', ...iccids].join('\n'));
  const simulator = spawn(
    process.execPath,
    ['bin/simfleet.mjs', 'simulator', '--port', '0', '--rate-limit', String(RATE), '--latency', String(LATENCY_MS), '--test-routes'],
    { env, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  try {
    const url = await new Promise<string>((resolve) => createInterface({ input: simulator.stdout! }).once('line', resolve));
    // A fresh data folder, as on a new kitting PC (check reads it and never creates one).
    mkdirSync(join(dir, 'data'));
    const data = ['--data-dir', join(dir, 'data')];
    const check = await timed(['check', list, ...data]);
    const provision = await timed([
      'provision',
      list,
      '--out',
      join(dir, 'mapping.csv'),
      '--api-base',
      url,
      '--rate',
      String(RATE),
      '--concurrency',
      '8',
      ...data,
    ]);
    const labels = await timed(['labels', join(dir, 'mapping.csv'), '--format', 'pdf', '--out', join(dir, 'labels.pdf')]);
    const stats = (await (await fetch(`${url}/__simulator/stats`)).json()) as { requests: number; rateLimited: number };
    const minimum = (SIMS / RATE) * 60_000;
    const total = check + provision + labels;
    console.log(
      `carton of ${SIMS} SIMs at ${RATE}/min, ${LATENCY_MS} ms latency: check ${(check / 1000).toFixed(1)} s, provision ${(provision / 1000).toFixed(1)} s, ` +
        `labels ${(labels / 1000).toFixed(1)} s; whole ${(total / 1000).toFixed(1)} s = ${(total / minimum).toFixed(3)}× the physical minimum ` +
        `(${(minimum / 1000).toFixed(0)} s); provision alone ${(provision / minimum).toFixed(3)}×; ${stats.requests} requests, ${stats.rateLimited} × 429`,
    );
  } finally {
    simulator.kill('SIGTERM');
  }
}
