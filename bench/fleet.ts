/**
 * Fleet mode (docs/fleet.md), measured in this run against a real PostgreSQL and the
 * standalone simulator (600 requests/min ceiling with 429s beyond it, 300 ms latency):
 * 1. Four stations (separate `simfleet provision --fleet` processes) sharing the account:
 *    combined steady request rate / ceiling (target ≥ 0.95), 429s per station-hour (≤ 2),
 *    database round trips (transactions) per SIM.
 * 2. Claims per second one PostgreSQL serves on this machine (8 concurrent claimers).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { joinFleet } from '../main/fleet/fleet-membership';
import { listFile, spawnSimulator, startFleetStation } from '../tests/helpers/cli-process';
import { startFleetDatabase } from '../tests/helpers/fleet-database';

const CEILING = 600;

async function stats(url: string): Promise<{ requests: number; rateLimited: number }> {
  return (await fetch(`${url}/__simulator/stats`, { headers: { connection: 'close' } }).then((r) => r.json())) as { requests: number; rateLimited: number };
}

export async function benchFleet(): Promise<void> {
  const { server, stationUrl: fleetUrl } = await startFleetDatabase('bench');
  const { process: simulator, url } = await spawnSimulator(['--rate-limit', String(CEILING), '--latency', '300']);
  try {
    const transactions = (): number => Number(server.sql("SELECT xact_commit FROM pg_stat_database WHERE datname = 'simfleet'").trim());

    // 1. Four stations, 300 SIMs each (two minutes at the ceiling) and 200 more on the last, every
    // station configured at the account's ceiling. The last one runs on alone: does it get the
    // others' share at once?
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-bench-fleet-'));
    const perStation = 300;
    const sizes = [perStation, perStation, perStation, perStation + 200];
    const sims = sizes.reduce((a, b) => a + b, 0);
    const runs = ['s1', 's2', 's3', 's4'].map((name, i) => {
      const list = listFile(mkdtempSync(join(dir, `${name}-`)), sizes[i]!, 70 + i);
      return startFleetStation({
        file: list.file,
        out: join(dir, `${name}.csv`),
        apiBase: url,
        dataDir: join(dir, name),
        fleetUrl,
        name,
        rate: CEILING,
        concurrency: 6,
      });
    });
    await Promise.all(runs.map((r) => r.sending));
    const tx0 = transactions();
    const start = await stats(url);
    const started = Date.now();
    // Steady window: from 10 s in until the first station finishes (all four running).
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const windowStart = { at: Date.now(), ...(await stats(url)) };
    await Promise.race(runs.map((r) => r.exited));
    const windowEnd = { at: Date.now(), ...(await stats(url)) };
    await Promise.all(runs.slice(0, 3).map((r) => r.exited));
    // Alone: the ten seconds after the other three stopped (or until it finished too).
    const soloStart = { at: Date.now(), ...(await stats(url)) };
    await Promise.race([runs[3]!.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    const soloEnd = { at: Date.now(), ...(await stats(url)) };
    const codes = await Promise.all(runs.map((r) => r.exited));
    const end = await stats(url);
    const elapsedHours = (Date.now() - started) / 3_600_000;
    const tx = transactions() - tx0;

    const served = windowEnd.requests - windowEnd.rateLimited - (windowStart.requests - windowStart.rateLimited);
    const steady = (served / (windowEnd.at - windowStart.at)) * 60_000;
    const limited = end.rateLimited - start.rateLimited;
    const servedAlone = soloEnd.requests - soloEnd.rateLimited - (soloStart.requests - soloStart.rateLimited);
    const alone = (servedAlone / (soloEnd.at - soloStart.at)) * 60_000;
    console.log(`fleet: 4 stations (${sizes.join(', ')} SIMs) on one ${CEILING}/min account, 300 ms latency (exit codes ${codes.join(', ')})`);
    console.log(`  combined steady rate ${steady.toFixed(0)}/min = ${(steady / CEILING).toFixed(3)} of the ceiling (target ≥ 0.95)`);
    console.log(`  429s: ${limited} in ${(elapsedHours * 60).toFixed(1)} min = ${(limited / (4 * elapsedHours)).toFixed(1)} per station-hour (target ≤ 2)`);
    console.log(
      `  the last station alone, in the ${((soloEnd.at - soloStart.at) / 1000).toFixed(1)} s after the others stopped: ` +
        `${alone.toFixed(0)}/min = ${(alone / CEILING).toFixed(3)} of the ceiling (their share came back)`,
    );
    console.log(`  database transactions per SIM: ${(tx / sims).toFixed(2)} (claims, releases, ledger, budget, leases)`);

    // 2. Claims per second: 8 concurrent claimers on distinct SIMs for 5 s.
    const member = await joinFleet({ url: fleetUrl, station: 'claims-bench', environment: 'practice', appVersion: 'bench' });
    let claims = 0;
    const until = Date.now() + 5_000;
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; Date.now() < until; i++) {
          await member.claims.claim(`8901${String(w).padStart(2, '0')}${String(i).padStart(14, '0')}`, { batchId: 'bench', row: i });
          claims++;
        }
      }),
    );
    await member.station.close();
    const perSecond = claims / 5;
    console.log(
      `  claims per second one PostgreSQL serves here: ${perSecond.toFixed(0)} (a station at ${CEILING}/min needs about 10 per second: ` +
        `room for about ${Math.floor(perSecond / 10)} stations at full speed)`,
    );
  } finally {
    simulator.kill('SIGTERM');
    await server.close();
  }
}
