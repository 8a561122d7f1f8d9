/** Real `simfleet` processes for the multi-process tests: a standalone simulator and CLI runs. */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll } from 'vitest';
import { luhnCheckDigit } from '../../main/import/iccid';
import { PRACTICE_ACCOUNT_KEY, PRACTICE_ACCOUNT_SECRET } from '../../main/simulator/state';

export const CLI_ENV = { ...process.env, TELEGENT_ACCOUNT_KEY: PRACTICE_ACCOUNT_KEY, TELEGENT_ACCOUNT_SECRET: PRACTICE_ACCOUNT_SECRET };

/** A standalone simulator process (it outlives every killed CLI run); resolves with it and its URL. */
export async function spawnSimulator(args: readonly string[]): Promise<{ process: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/simfleet.mjs', 'simulator', '--port', '0', '--rate-limit', '0', '--test-routes', ...args], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const url = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { process: child, url };
}

/** One standalone simulator for a test file: started before its tests, stopped after; `url()` once they run. */
export function simulatorForFile(): { readonly url: () => string } {
  let started: { process: ChildProcess; url: string } | null = null;
  beforeAll(async () => {
    started = await spawnSimulator([]);
  });
  afterAll(() => {
    started?.process.kill('SIGTERM');
  });
  return { url: () => started!.url };
}

/** A `simfleet` command run to its end (a generous safety net, never the thing measured). */
export function simfleetSync(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['bin/simfleet.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });
}

// `connection: close`: a kept-alive socket the simulator has just closed would fail the call.
export async function simulatorLedger(url: string): Promise<Array<{ iccid: string; outcome: string }>> {
  return (await fetch(`${url}/__simulator/ledger`, { headers: { connection: 'close' } }).then((r) => r.json())) as Array<{ iccid: string; outcome: string }>;
}

export async function setSimulatorFaults(url: string, rules: unknown[]): Promise<void> {
  await fetch(`${url}/__simulator/faults`, { method: 'POST', body: JSON.stringify(rules), headers: { connection: 'close' } });
}

/** How many times the simulator sold each of these ICCIDs (released numbers left out). */
export async function purchaseCounts(url: string, iccids: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const e of await simulatorLedger(url)) if (iccids.includes(e.iccid) && e.outcome !== 'released') counts.set(e.iccid, (counts.get(e.iccid) ?? 0) + 1);
  return counts;
}

export interface CliRun {
  readonly child: ChildProcess;
  /** Resolves once the CLI says it is sending (its batch line), or when it exits. */
  readonly sending: Promise<void>;
  readonly exited: Promise<number | null>;
  stderr(): string;
}

/** Starts `simfleet provision ARGS`; kills timed from `sending` land mid-batch whatever the start-up time. */
export function startProvision(args: readonly string[], env: NodeJS.ProcessEnv = CLI_ENV): CliRun {
  const child = spawn(process.execPath, ['bin/simfleet.mjs', 'provision', ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const sending = new Promise<void>((resolve) => {
    child.stderr!.on('data', (c: Buffer) => {
      text += c.toString();
      if (/^(Batch|Resuming batch) /m.test(text)) resolve();
    });
    void exited.then(() => resolve());
  });
  return { child, sending, exited, stderr: () => text };
}

/** A fleet station: `simfleet provision FILE --fleet URL --station NAME` with its own data folder (docs/fleet.md). */
export function startFleetStation(station: {
  readonly file: string;
  readonly out: string;
  readonly apiBase: string;
  readonly dataDir: string;
  readonly fleetUrl: string;
  readonly name: string;
  readonly rate: number;
  readonly concurrency: number;
  readonly extra?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}): CliRun {
  const args = [
    station.file,
    '--out',
    station.out,
    '--api-base',
    station.apiBase,
    '--data-dir',
    station.dataDir,
    '--fleet',
    station.fleetUrl,
    '--station',
    station.name,
    '--rate',
    String(station.rate),
    '--concurrency',
    String(station.concurrency),
  ];
  return startProvision([...args, ...(station.extra ?? [])], station.env ?? CLI_ENV);
}

let listSeq = 0;
/** A list file of `n` fresh, valid ICCIDs (with a header) in `dir`; `series` keeps test files' SIMs apart. */
export function listFile(dir: string, n: number, series: number): { file: string; iccids: string[] } {
  const iccids = Array.from({ length: n }, () => {
    const body = `8901260${String(series * 1_000_000 + listSeq++).padStart(8, '0')}1212`;
    return body + luhnCheckDigit(body);
  });
  const file = join(dir, 'list.csv');
  writeFileSync(file, ['ICCID', ...iccids].join('\n'));
  return { file, iccids };
}

/** A number cancelled straight on the simulator, as another tool (or Telegent's portal) would. */
export async function cancelOnAccount(url: string, number: string): Promise<void> {
  const endpoint = `${url}/v1.0/numbers/status`;
  const grant = (await (
    await fetch(`${url}/v1.0/oauth2/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ AccountKey: PRACTICE_ACCOUNT_KEY, AccountSecret: PRACTICE_ACCOUNT_SECRET, ApiEndpoint: endpoint }),
    })
  ).json()) as { token: string };
  const answer = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${grant.token}` },
    body: JSON.stringify({ StatusChange: 'cancel', EffectiveDate: '12/06/2026', PhoneNumbers: [{ Number: number }] }),
  });
  if (answer.status !== 200) throw new Error(`the simulator refused the cancel: ${answer.status}`);
}
