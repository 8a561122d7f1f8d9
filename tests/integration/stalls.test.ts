/**
 * Fault injection with stations as real processes (docs/testing.md, "Fault injection"),
 * one run of each schedule in tests/helpers/fault-scenarios.ts (`npm run bench -- faults`
 * runs them many times): processes frozen with SIGSTOP at a named point past their lease
 * or lock, a station cut off from PostgreSQL only, processes that disagree about the fleet
 * on one folder, two copies of one folder, recycled numbers. The simulator sells a bound
 * ICCID again, so a double purchase shows in its ledger; every purchase must also be in
 * some station's mapping.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSimulator, type CliRun } from '../helpers/cli-process';
import {
  fleetAndAloneOnOneFolder,
  frozenAfterConfirmFleet,
  frozenAfterConfirmOneFolder,
  partitionedAfterConfirm,
  recycledNumbers,
  twoCopiesResume,
  type FaultOutcome,
  type FaultWorld,
} from '../helpers/fault-scenarios';
import type { PostgresServer } from '../helpers/postgres-server';
import { startFleetDatabase } from '../helpers/fleet-database';

let server: PostgresServer;
let simulator: ChildProcess;
const started: CliRun[] = [];
const ends: Array<() => void> = [];
let world: FaultWorld;

beforeAll(async () => {
  const db = await startFleetDatabase('stall');
  server = db.server;
  const sim = await spawnSimulator(['--latency', '20', '--duplicate-iccid', 'sell-again']);
  simulator = sim.process;
  world = {
    url: sim.url,
    fleetUrl: db.stationUrl,
    track: (run) => {
      started.push(run);
      return run;
    },
    onEnd: (stop) => ends.push(stop),
  };
});
afterAll(async () => {
  for (const run of started) {
    run.child.kill('SIGCONT');
    run.child.kill('SIGKILL');
  }
  for (const stop of ends) stop();
  simulator.kill('SIGTERM');
  await server.close();
});

/** Every SIM bought exactly once, every purchase in some mapping, every process ended as a batch does (0 or 3). */
function expectSafe(result: FaultOutcome): void {
  expect(result.doubles).toEqual([]);
  expect(result.unrecorded).toEqual([]);
  expect(result.unsold).toEqual([]);
  for (const exit of result.exits) {
    expect([0, 3], exit.stderr).toContain(exit.code);
    expect(exit.stderr).not.toMatch(/Error:|at .+\.js:\d+/);
  }
}

describe('a process frozen after its claim was confirmed', () => {
  it('fleet: wakes past its deadline after another station took the SIM over and bought it, and sends nothing', async () => {
    const result = await frozenAfterConfirmFleet(world, 61);
    expect(result.notes['heldSalesBeforeWake']).toBe(1);
    expectSafe(result);
  }, 180_000);

  it('one data folder, no fleet: a batch whose lock went stale wakes unable to send what another batch bought meanwhile', async () => {
    const result = await frozenAfterConfirmOneFolder(world, 62);
    expect(result.notes['heldSalesBeforeWake']).toBe(1);
    expectSafe(result);
  }, 180_000);
});

describe('a station cut off from PostgreSQL only', () => {
  it('fleet: a confirmation the database carried out, whose answer arrives after the lease, sends nothing', async () => {
    expectSafe(await partitionedAfterConfirm(world, 67));
  }, 180_000);
});

describe('processes that disagree about the fleet', () => {
  it('one data folder, one process with the fleet and one without, at once: each SIM bought once; a later one without the fleet is refused', async () => {
    const result = await fleetAndAloneOnOneFolder(world, 63);
    expectSafe(result);
    expect(result.notes['lateCode']).toBe(2);
    expect(result.notes['lateSold']).toBe(0);
    expect(result.notes['lateStderr']).toMatch(
      /This data folder's batches run in the fleet at postgres:\/\/stall@127\.0\.0\.1:\d+\/\w+ .*but this process works alone\. Nothing is sent/,
    );
  }, 180_000);

  it('two copies of one data folder resume one batch at once under one station name: each SIM bought once', async () => {
    expectSafe(await twoCopiesResume(world, 64));
  }, 180_000);

  it('recycled numbers (Telegent sells a number again for another SIM): each SIM bought once, every purchase recorded, the second SIM flagged', async () => {
    const result = await recycledNumbers(world, 66);
    expectSafe(result);
    expect(result.notes['flagged']).toBeGreaterThan(0);
    // Said where an operator and a script look: the mapping's Message, and exit 3 (docs/cli.md, "Exit codes").
    expect(result.notes['flaggedInMappings']).toBe(result.notes['flagged']);
    expect(result.notes['exitCodes']).toContain(3);
  }, 180_000);
});
