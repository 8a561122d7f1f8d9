/**
 * Fleet mode end to end (docs/fleet.md): stations are separate `simfleet provision
 * --fleet` processes with their own data folders, sharing one real PostgreSQL and one
 * standalone simulator that sells a bound ICCID again (so a double purchase shows in its
 * ledger), with faults injected. Stations are killed, started late, and the database is
 * restarted under them.
 */
import { provisionedRows } from '../helpers/mapping-file';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENV, listFile, setSimulatorFaults, simulatorLedger, spawnSimulator, startFleetStation, startProvision, type CliRun } from '../helpers/cli-process';
import type { PostgresServer } from '../helpers/postgres-server';
import { startFleetDatabase } from '../helpers/fleet-database';

let server: PostgresServer;
let simulator: ChildProcess;
let url = '';
let fleetUrl = '';

beforeAll(async () => {
  ({ server, stationUrl: fleetUrl } = await startFleetDatabase('kitting', { restarts: true }));
  ({ process: simulator, url } = await spawnSimulator(['--latency', '20', '--duplicate-iccid', 'sell-again']));
});
/** Every station started, so none outlives a failed test (a station waits for its database forever). */
const started: CliRun[] = [];
afterAll(async () => {
  for (const run of started) run.child.kill('SIGKILL');
  simulator.kill('SIGTERM');
  await server.close();
});

/** A station: `simfleet provision --fleet` with its own data folder, a short claim lease. */
function station(name: string, dir: string, file: string, extra: readonly string[] = []): CliRun & { out: string } {
  const out = join(dir, `${name}.csv`);
  const run = startFleetStation({
    file,
    out,
    apiBase: url,
    dataDir: join(dir, name),
    fleetUrl,
    name,
    rate: 1200,
    concurrency: 4,
    extra,
    env: { ...CLI_ENV, SIMFLEET_FLEET_LEASE_MS: '3000' },
  });
  started.push(run);
  return { ...run, out };
}

async function sold(iccids: readonly string[]): Promise<Map<string, { count: number; numbers: Set<string> }>> {
  const counts = new Map<string, { count: number; numbers: Set<string> }>();
  for (const e of (await simulatorLedger(url)) as Array<{ iccid: string; outcome: string; number?: string }>) {
    if (!iccids.includes(e.iccid) || e.outcome === 'released') continue;
    const c = counts.get(e.iccid) ?? { count: 0, numbers: new Set<string>() };
    c.count += 1;
    if (e.number) c.numbers.add(e.number);
    counts.set(e.iccid, c);
  }
  return counts;
}

async function soldAtLeast(iccids: readonly string[], n: number): Promise<void> {
  while ((await sold(iccids)).size < n) await new Promise((r) => setTimeout(r, 20));
}

/** Provisioned rows of a CLI mapping file: ICCID → number. */
const mapping = provisionedRows;

describe('fleet stations', () => {
  it('three stations on one list, one killed mid-batch and one started late: every SIM bought exactly once, every mapping agrees', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-fleet-'));
    const { file, iccids } = listFile(dir, 300, 41);
    await setSimulatorFaults(url, [
      { kind: 'http-503', afterCommit: true, rate: 0.03 },
      { kind: 'reset-after-commit', rate: 0.03 },
      { kind: 'pending', rate: 0.1, pendingPolls: 2 },
    ]);
    try {
      const a = station('dock-a', dir, file);
      const b = station('dock-b', dir, file);
      const c = station('dock-c', dir, file);
      await Promise.all([a.sending, b.sending, c.sending]);
      await soldAtLeast(iccids, 60);
      b.child.kill('SIGKILL');
      await b.exited;
      const d = station('dock-d', dir, file);
      const codes = await Promise.all([a.exited, c.exited, d.exited]);
      for (const [i, code] of codes.entries()) expect([0, 3], [a, c, d][i]!.stderr()).toContain(code);

      const counts = await sold(iccids);
      const twice = [...counts].filter(([, v]) => v.count > 1).map(([k]) => k);
      expect(twice).toEqual([]);
      expect(counts.size).toBe(300);
      // Every station's mapping names the number the simulator sold for each SIM.
      const mapped = new Map<string, string>();
      for (const s of [a, b, c, d]) for (const [iccid, number] of mapping(s.out)) mapped.set(iccid, number);
      expect(mapped.size).toBeGreaterThan(200);
      for (const [iccid, number] of mapped) expect([...counts.get(iccid)!.numbers], iccid).toContain(number);
      // The stations that finished account for every SIM between them (the killed one wrote no mapping).
      expect(mapped.size + [...counts.keys()].filter((k) => !mapped.has(k)).length).toBe(300);
      // The ledger has every purchase once.
      expect(server.sql('SELECT count(*), count(DISTINCT iccid) FROM simfleet_practice.ledger', server.database).trim()).toMatch(/^\d+\|\d+$/);
      const [rows, distinct] = server
        .sql('SELECT count(*), count(DISTINCT iccid) FROM simfleet_practice.ledger', server.database)
        .trim()
        .split('|')
        .map(Number);
      expect(rows).toBe(distinct);
    } finally {
      await setSimulatorFaults(url, []);
    }
  }, 240_000);

  it('the database restarted mid-batch: stations pause saying why, send nothing, and resume by themselves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-fleet-'));
    const { file, iccids } = listFile(dir, 160, 42);
    const a = station('dock-p', dir, file, ['--rate', '600']);
    const b = station('dock-q', dir, file, ['--rate', '600']);
    await Promise.all([a.sending, b.sending]);
    await soldAtLeast(iccids, 20);
    await server.stop();
    // Each station says it paused, and why.
    await Promise.all([a, b].map((s) => untilText(s, /Paused: .*fleet database.*resumes by itself when the database answers again/)));
    // Requests already in flight finish (at most 4 per station); after that nothing is sent.
    const atPause = (await sold(iccids)).size;
    // An observation window: nothing may be bought in it.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const duringOutage = (await sold(iccids)).size;
    expect(duringOutage - atPause).toBeLessThanOrEqual(8);
    const settled = (await sold(iccids)).size;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await sold(iccids)).size).toBe(settled);
    await server.start();
    await Promise.all([a, b].map((s) => untilText(s, /Running again\./)));
    expect([0, 3]).toContain(await a.exited);
    expect([0, 3]).toContain(await b.exited);
    const counts = await sold(iccids);
    expect([...counts].filter(([, v]) => v.count > 1).map(([k]) => k)).toEqual([]);
    expect(counts.size).toBe(160);
  }, 240_000);
});

/** Resolves when a station has printed text matching `pattern` (its stderr is the event). */
async function untilText(run: CliRun, pattern: RegExp): Promise<void> {
  if (pattern.test(run.stderr())) return;
  await new Promise<void>((resolve, reject) => {
    const check = (): void => {
      if (!pattern.test(run.stderr())) return;
      run.child.stderr!.off('data', check);
      resolve();
    };
    run.child.stderr!.on('data', check);
    void run.exited.then(() => (pattern.test(run.stderr()) ? resolve() : reject(new Error(`exited without ${pattern}: ${run.stderr()}`))));
  });
}

describe('a claim left by a station that died', () => {
  it('is taken over only through a lookup: a SIM the dead station had bought is recorded, not bought again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-fleet-'));
    const { file, iccids } = listFile(dir, 2, 43);
    // The dead station bought the first SIM and not the second (here a station alone, so nothing reached the ledger)…
    const first = join(dir, 'first.csv');
    writeFileSync(first, `ICCID\n${iccids[0]!}\n`);
    const lone = startProvision([first, '--out', join(dir, 'lone.csv'), '--api-base', url, '--data-dir', join(dir, 'lone'), '--rate', '1200']);
    expect(await lone.exited, lone.stderr()).toBe(0);
    const bought = await sold(iccids);
    expect(bought.get(iccids[0]!)?.count).toBe(1);
    expect(bought.has(iccids[1]!)).toBe(false);
    // …and died holding its claims (their lease ran out). Nothing of it is in the ledger.
    server.sql(
      `INSERT INTO simfleet_practice.claims (iccid, station, instance, batch_id, batch_row, lease_expires) VALUES ` +
        `('${iccids[0]!}', 'dock-dead', 'gone', 'B-dead', 0, now() - interval '1 second'), ` +
        `('${iccids[1]!}', 'dock-dead', 'gone', 'B-dead', 1, now() - interval '1 second')`,
      server.database,
    );
    const heir = station('dock-heir', dir, file);
    expect(await heir.exited, heir.stderr()).toBe(0);
    const after = await sold(iccids);
    // The first: looked up, found, recorded, not bought again. The second: looked up, not found, bought once.
    expect(after.get(iccids[0]!)?.count).toBe(1);
    expect(after.get(iccids[1]!)?.count).toBe(1);
    expect(heir.stderr()).toContain('2 provisioned');
    expect(mapping(heir.out).get(iccids[0]!)).toBe([...bought.get(iccids[0]!)!.numbers][0]);
  });
});
