/**
 * `npm run bench -- faults [RUNS]`: every fault-injection schedule of
 * tests/helpers/fault-scenarios.ts run RUNS times (default 5) against one real PostgreSQL and
 * a simulator that sells a bound ICCID again, printing per schedule: runs, SIMs, SIMs bought
 * twice, purchases no station recorded, SIMs left unsold (docs/testing.md, "Fault injection").
 * Not a speed figure: the count of double purchases must be 0 in every run.
 */
import { spawnSimulator, type CliRun } from '../tests/helpers/cli-process';
import {
  fleetAndAloneOnOneFolder,
  frozenAfterConfirmFleet,
  frozenAfterConfirmOneFolder,
  partitionedAfterConfirm,
  recycledNumbers,
  twoCopiesResume,
  type FaultOutcome,
  type FaultWorld,
} from '../tests/helpers/fault-scenarios';
import { startFleetDatabase } from '../tests/helpers/fleet-database';

const SCHEDULES: ReadonlyArray<readonly [string, (world: FaultWorld, series: number) => Promise<FaultOutcome>]> = [
  ['frozen after confirm, fleet (SIGSTOP past a 3 s lease)', frozenAfterConfirmFleet],
  ['frozen after confirm, one folder (SIGSTOP past the lock)', frozenAfterConfirmOneFolder],
  ['cut off from PostgreSQL after a confirm', partitionedAfterConfirm],
  ['fleet and no fleet on one folder', fleetAndAloneOnOneFolder],
  ['two copies of a folder resume one batch', twoCopiesResume],
  ['recycled numbers, two stations', recycledNumbers],
];

export async function benchFaults(runs = Number(process.argv[3] ?? '5')): Promise<void> {
  const { server, stationUrl } = await startFleetDatabase('faults');
  const sim = await spawnSimulator(['--latency', '20', '--duplicate-iccid', 'sell-again']);
  const started: CliRun[] = [];
  const ends: Array<() => void> = [];
  const world: FaultWorld = {
    url: sim.url,
    fleetUrl: stationUrl,
    track: (run) => {
      started.push(run);
      return run;
    },
    onEnd: (stop) => ends.push(stop),
  };
  console.log(`Fault schedules, ${runs} run(s) each (stations as processes, a simulator that sells a bound ICCID again):`);
  let series = 200;
  try {
    for (const [name, schedule] of SCHEDULES) {
      const total = { sims: 0, doubles: 0, unrecorded: 0, unsold: 0, badExits: 0 };
      for (let i = 0; i < runs; i++) {
        const result = await schedule(world, series++);
        total.sims += result.sims;
        total.doubles += result.doubles.length;
        total.unrecorded += result.unrecorded.length;
        total.unsold += result.unsold.length;
        total.badExits += result.exits.filter((e) => e.code !== 0 && e.code !== 3).length;
      }
      console.log(
        `  ${name.padEnd(58)} ${runs} runs, ${total.sims} SIMs: ${total.doubles} bought twice, ${total.unrecorded} unrecorded, ` +
          `${total.unsold} unsold, ${total.badExits} unexpected exit(s)`,
      );
    }
  } finally {
    for (const run of started) {
      run.child.kill('SIGCONT');
      run.child.kill('SIGKILL');
    }
    for (const stop of ends) stop();
    sim.process.kill('SIGTERM');
    await server.close();
  }
}
