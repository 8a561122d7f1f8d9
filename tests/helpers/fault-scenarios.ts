/**
 * The fault-injection schedules (docs/testing.md, "Fault injection"), shared by the test
 * (`tests/integration/stalls.test.ts`, one run each) and the bench (`npm run bench -- faults`,
 * many runs): stations as `simfleet provision` processes against a simulator that sells a
 * bound ICCID again. Each answers what the ledger shows: SIMs bought twice, purchases no
 * station's mapping records, and the exit codes.
 */
import { mappingRows, provisionedRows } from './mapping-file';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_ENV, listFile, purchaseCounts, spawnSimulator, startFleetStation, startProvision, type CliRun } from './cli-process';
import { startTcpProxy } from './tcp-proxy';

/** What every schedule needs: the shared simulator and fleet database, and a place to register what to stop. */
export interface FaultWorld {
  readonly url: string;
  readonly fleetUrl: string;
  /** Registers a process, so none outlives a failed run. */
  track(run: CliRun): CliRun;
  /** Registers something to stop when the world ends. */
  onEnd(stop: () => void): void;
}

export interface FaultOutcome {
  readonly sims: number;
  /** ICCIDs the simulator sold more than once. */
  readonly doubles: readonly string[];
  /** ICCIDs the simulator sold that no station's mapping lists as provisioned. */
  readonly unrecorded: readonly string[];
  /** ICCIDs of the list the simulator never sold. */
  readonly unsold: readonly string[];
  readonly exits: ReadonlyArray<{ readonly code: number | null; readonly stderr: string }>;
  /** Schedule-specific observations (the frozen SIM bought once before the wake, flags seen, a refusal). */
  readonly notes: Readonly<Record<string, unknown>>;
}

const LEASE = { SIMFLEET_FLEET_LEASE_MS: '3000' };

/** Resolves when the process printed text matching `pattern` (its stderr is the event), or fails once it exited without. */
export function untilText(run: CliRun, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const look = (): boolean => {
      const found = pattern.exec(run.stderr());
      if (found) resolve(found);
      return found !== null;
    };
    if (look()) return;
    run.child.stderr!.on('data', () => void look());
    void run.exited.then(() => {
      if (!look()) reject(new Error(`exited without printing ${pattern}:\n${run.stderr()}`));
    });
  });
}

/** Waits until the kernel reports the process stopped (state T): SIGSTOP has no event to await. Answers the SIM it held. */
async function stopped(run: CliRun): Promise<string> {
  const [, iccid] = await untilText(run, /fault: stopping at \S+ \(row \d+, ICCID (\d+)\)/);
  for (;;) {
    const stat = readFileSync(`/proc/${run.child.pid}/stat`, 'utf8');
    if (/^\d+ \(.*\) T /.test(stat)) return iccid!;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function soldAtLeast(url: string, iccids: readonly string[], n: number): Promise<void> {
  while ((await purchaseCounts(url, iccids)).size < n) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** ICCIDs a CLI mapping file lists as provisioned. */
function provisioned(file: string): Set<string> {
  return new Set(provisionedRows(file).keys());
}

async function outcome(
  url: string,
  iccids: readonly string[],
  mappings: readonly string[],
  runs: readonly CliRun[],
  notes: Record<string, unknown> = {},
): Promise<FaultOutcome> {
  const exits = await Promise.all(runs.map(async (r) => ({ code: await r.exited, stderr: r.stderr() })));
  const counts = await purchaseCounts(url, iccids);
  const recorded = new Set(mappings.flatMap((m) => [...provisioned(m)]));
  return {
    sims: iccids.length,
    doubles: [...counts].filter(([, n]) => n > 1).map(([iccid]) => iccid),
    unrecorded: [...counts.keys()].filter((iccid) => !recorded.has(iccid)),
    unsold: iccids.filter((iccid) => !counts.has(iccid)),
    exits,
    notes,
  };
}

/**
 * The process `frozen` stops itself at its fault point; `other` is started and runs to its
 * end (taking the frozen one's SIM over and buying it), then the frozen one is woken.
 */
async function frozenWhileAnotherBuys(
  world: FaultWorld,
  iccids: readonly string[],
  frozen: CliRun,
  other: () => CliRun,
  mappings: readonly string[],
): Promise<FaultOutcome> {
  const held = await stopped(frozen);
  const b = other();
  await b.exited;
  const heldSalesBeforeWake = (await purchaseCounts(world.url, [held])).get(held) ?? 0;
  frozen.child.kill('SIGCONT');
  return outcome(world.url, iccids, mappings, [frozen, b], { heldSalesBeforeWake });
}

/** Fleet: a station frozen right after its claim confirmation, past its lease, while another takes the SIM over and buys it. */
export async function frozenAfterConfirmFleet(world: FaultWorld, series: number, sims = 40): Promise<FaultOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-stall-'));
  const { file, iccids } = listFile(dir, sims, series);
  const station = (name: string, env: NodeJS.ProcessEnv): CliRun =>
    world.track(
      startFleetStation({
        file,
        out: join(dir, `${name}.csv`),
        apiBase: world.url,
        dataDir: join(dir, name),
        fleetUrl: world.fleetUrl,
        name,
        rate: 1200,
        concurrency: 2,
        env,
      }),
    );
  const a = station('dock-a', { ...CLI_ENV, ...LEASE, SIMFLEET_FAULT_STOP_AT: 'after-confirm:3' });
  return frozenWhileAnotherBuys(world, iccids, a, () => station('dock-b', { ...CLI_ENV, ...LEASE }), [join(dir, 'dock-a.csv'), join(dir, 'dock-b.csv')]);
}

/** One data folder, no fleet: a batch frozen after its confirmation until its lock went stale and another batch bought the SIM. */
export async function frozenAfterConfirmOneFolder(world: FaultWorld, series: number, sims = 30): Promise<FaultOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-stall-'));
  const { file, iccids } = listFile(dir, sims, series);
  const data = join(dir, 'data');
  const run = (out: string, env: NodeJS.ProcessEnv): CliRun =>
    world.track(startProvision([file, '--out', join(dir, out), '--api-base', world.url, '--data-dir', data, '--rate', '1200', '--concurrency', '2'], env));
  const a = run('a.csv', { ...CLI_ENV, SIMFLEET_FAULT_STOP_AT: 'after-confirm:3' });
  return frozenWhileAnotherBuys(world, iccids, a, () => run('b.csv', CLI_ENV), [join(dir, 'a.csv'), join(dir, 'b.csv')]);
}

/** Fleet: a station cut off from PostgreSQL only, right after a confirmation the database carried out; its answer comes after the lease. */
export async function partitionedAfterConfirm(world: FaultWorld, series: number, sims = 40): Promise<FaultOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-partition-'));
  const { file, iccids } = listFile(dir, sims, series);
  const direct = new URL(world.fleetUrl);
  const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port) });
  world.onEnd(() => void proxy.close());
  const proxied = new URL(world.fleetUrl);
  proxied.port = String(proxy.port);
  const station = (name: string, fleetUrl: string, rate: number): CliRun =>
    world.track(
      startFleetStation({
        file,
        out: join(dir, `${name}.csv`),
        apiBase: world.url,
        dataDir: join(dir, name),
        fleetUrl,
        name,
        rate,
        concurrency: 2,
        env: { ...CLI_ENV, ...LEASE },
      }),
    );
  const a = station('dock-cut', proxied.toString(), 600);
  await a.sending;
  await soldAtLeast(world.url, iccids, 3);
  // The next confirmation reaches the database and renews the claim; its answer, and
  // everything else the station says (its lease renewals too), is held from then on.
  await proxy.holdAfter('claim_confirm');
  const b = station('dock-ok', world.fleetUrl, 1200);
  await b.exited;
  proxy.release();
  return outcome(world.url, iccids, [join(dir, 'dock-cut.csv'), join(dir, 'dock-ok.csv')], [a, b]);
}

/** One data folder: a process without the fleet buying slowly, then one with the fleet joins in; then a later one without is refused. */
export async function fleetAndAloneOnOneFolder(world: FaultWorld, series: number, sims = 60): Promise<FaultOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-mixed-'));
  const { file, iccids } = listFile(dir, sims, series);
  const data = join(dir, 'data');
  // Slow (2 a second), so the fleet one joins in while it is still buying.
  const alone = world.track(
    startProvision([file, '--out', join(dir, 'alone.csv'), '--api-base', world.url, '--data-dir', data, '--rate', '120', '--concurrency', '4']),
  );
  await alone.sending;
  await soldAtLeast(world.url, iccids, 5);
  const fleet = world.track(
    startFleetStation({
      file,
      out: join(dir, 'fleet.csv'),
      apiBase: world.url,
      dataDir: data,
      fleetUrl: world.fleetUrl,
      name: 'dock-m',
      rate: 1200,
      concurrency: 4,
      env: { ...CLI_ENV, ...LEASE },
    }),
  );
  const result = await outcome(world.url, iccids, [join(dir, 'fleet.csv'), join(dir, 'alone.csv')], [alone, fleet]);
  // The folder now records its fleet: a process without it is refused before anything is sent.
  const fresh = listFile(mkdtempSync(join(tmpdir(), 'simfleet-mixed-')), 5, series + 500);
  const late = world.track(startProvision([fresh.file, '--out', join(dir, 'late.csv'), '--api-base', world.url, '--data-dir', data]));
  const lateCode = await late.exited;
  return { ...result, notes: { lateCode, lateStderr: late.stderr(), lateSold: (await purchaseCounts(world.url, fresh.iccids)).size } };
}

/** A cloned kitting PC: a fleet station killed mid-batch, its data folder copied, the batch resumed on both at once under one name. */
export async function twoCopiesResume(world: FaultWorld, series: number, sims = 60): Promise<FaultOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-clone-'));
  // A slow Telegent (400 ms a purchase): the two copies' requests overlap in flight.
  const slow = await spawnSimulator(['--latency', '400', '--duplicate-iccid', 'sell-again']);
  world.onEnd(() => slow.process.kill('SIGTERM'));
  const { file, iccids } = listFile(dir, sims, series);
  const original = join(dir, 'original');
  const station = (data: string, out: string, rate: number, extra: readonly string[]): CliRun =>
    world.track(
      startFleetStation({
        file,
        out: join(dir, out),
        apiBase: slow.url,
        dataDir: data,
        fleetUrl: world.fleetUrl,
        name: 'dock-c',
        rate,
        concurrency: 4,
        extra,
        env: { ...CLI_ENV, ...LEASE },
      }),
    );
  const first = station(original, 'first.csv', 600, []);
  const [, id] = await untilText(first, /Batch (\S+) /);
  await soldAtLeast(slow.url, iccids, 10);
  first.child.kill('SIGKILL');
  await first.exited;
  const copy = join(dir, 'copy');
  cpSync(original, copy, { recursive: true });
  // Both wait out the killed run's lock, copied with the folder.
  const runs = [station(original, 'original.csv', 1200, ['--resume', id!, '--wait']), station(copy, 'copy.csv', 1200, ['--resume', id!, '--wait'])];
  return outcome(slow.url, iccids, [join(dir, 'original.csv'), join(dir, 'copy.csv')], runs);
}

/** Two stations on one list while Telegent sells every 5th purchase the number sold before it. */
export async function recycledNumbers(world: FaultWorld, series: number, sims = 60): Promise<FaultOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-recycled-'));
  const recycling = await spawnSimulator(['--latency', '20', '--duplicate-iccid', 'sell-again', '--recycle-every', '5']);
  world.onEnd(() => recycling.process.kill('SIGTERM'));
  const { file, iccids } = listFile(dir, sims, series);
  const names = ['dock-r1', 'dock-r2'];
  const runs = names.map((name) =>
    world.track(
      startFleetStation({
        file,
        out: join(dir, `${name}.csv`),
        apiBase: recycling.url,
        dataDir: join(dir, name),
        fleetUrl: world.fleetUrl,
        name,
        rate: 1200,
        concurrency: 4,
        env: { ...CLI_ENV, ...LEASE },
      }),
    ),
  );
  const result = await outcome(
    recycling.url,
    iccids,
    names.map((name) => join(dir, `${name}.csv`)),
    runs,
  );
  const flagged = names.flatMap((name) =>
    readdirSync(join(dir, name, 'practice', 'batches'))
      .filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) => readFileSync(join(dir, name, 'practice', 'batches', f), 'utf8').split('\n'))
      .filter((line) => line.includes('"t":"flagged"')),
  ).length;
  // The mappings say so too: each flagged SIM's row has its message (not an empty Message), and a station that flagged one exits 3.
  const flaggedInMappings = names
    .flatMap((name) => mappingRows(join(dir, `${name}.csv`)))
    .filter((r) => r['State'] === 'provisioned' && /one number for two SIMs/.test(r['Message'] ?? '')).length;
  return { ...result, notes: { flagged, flaggedInMappings, exitCodes: result.exits.map((e) => e.code) } };
}
