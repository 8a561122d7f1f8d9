/**
 * The account audit in a fleet (docs/audit.md, "In a fleet"): two stations with their own data
 * folders share one PostgreSQL and one simulator. With --fleet, a station's audit knows every
 * station's purchases (the other's numbers are not "not ours"), follows a replacement card
 * another station made, names the station of a purchase that is gone, and records itself
 * for the fleet view (`simfleet fleet status`).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditView } from '../../preload/views';
import { cancelOnAccount, listFile, simfleetSync, spawnSimulator, startFleetStation } from '../helpers/cli-process';
import type { PostgresServer } from '../helpers/postgres-server';
import { startFleetDatabase } from '../helpers/fleet-database';

let server: PostgresServer;
let simulator: ChildProcess;
let url = '';
let fleetUrl = '';

beforeAll(async () => {
  ({ server, stationUrl: fleetUrl } = await startFleetDatabase('audit'));
  ({ process: simulator, url } = await spawnSimulator([]));
});
afterAll(async () => {
  simulator.kill('SIGTERM');
  await server.close();
});

const audit = (dataDir: string, ...extra: string[]): AuditView & { exit: number | null } => {
  const r = simfleetSync('audit', '--api-base', url, '--data-dir', dataDir, '--json', ...extra);
  if (r.stdout.trim() === '') throw new Error(`no report (exit ${r.status}): ${r.stderr}`);
  return { ...(JSON.parse(r.stdout) as AuditView), exit: r.status };
};

describe('the account audit in a fleet', () => {
  it("compares every station's purchases, follows another station's replacement card, names the station, and shows in fleet status", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-fleet-audit-'));
    const [dockA, dockB] = [join(dir, 'a'), join(dir, 'b')];
    const bought: Record<string, string[]> = {};
    for (const [name, dataDir, n, series] of [
      ['Dock A', dockA, 2, 61],
      ['Dock B', dockB, 1, 62],
    ] as const) {
      const list = listFile(mkdtempSync(join(dir, 'list-')), n, series);
      bought[name] = list.iccids;
      const run = startFleetStation({ file: list.file, out: join(dir, `${n}.csv`), apiBase: url, dataDir, fleetUrl, name, rate: 1200, concurrency: 2 });
      expect(await run.exited, run.stderr()).toBe(0);
    }
    const fleet = ['--fleet', fleetUrl, '--station', 'Dock B'];
    expect(audit(dockB, ...fleet)).toMatchObject({ exit: 0, notOurs: 0, findings: [], station: 'Dock B' });

    // Dock A moves a number to a new card, in the fleet: Dock B's audit follows it.
    const fresh = listFile(mkdtempSync(join(dir, 'new-')), 1, 63).iccids[0]!;
    const moved = simfleetSync(
      'replace-card',
      bought['Dock A']![0]!,
      fresh,
      '--yes',
      '--api-base',
      url,
      '--data-dir',
      dockA,
      '--fleet',
      fleetUrl,
      '--station',
      'Dock A',
    );
    expect(moved.status, moved.stderr).toBe(0);
    expect(audit(dockB, ...fleet)).toMatchObject({ exit: 0, notOurs: 0, findings: [] });

    // A number of Dock A's is cancelled elsewhere: Dock B's audit names Dock A's purchase as gone.
    const log = readFileSync(join(dockA, 'practice', 'purchases.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const second = JSON.parse(log.find((l) => l.includes(bought['Dock A']![1]!))!) as { phoneNumber: string };
    await cancelOnAccount(url, second.phoneNumber);
    const found = audit(dockB, ...fleet);
    expect(found.exit).toBe(3);
    expect(found.findings.map((f) => [f.kind, f.iccid])).toEqual([['gone', bought['Dock A']![1]]]);
    expect(found.findings[0]!.text).toContain('station Dock A');

    // Another station's number is never released from here; a folder of the fleet is not worked on alone.
    const theirs = JSON.parse(log.find((l) => l.includes(bought['Dock A']![0]!))!) as { phoneNumber: string };
    const release = simfleetSync('release', theirs.phoneNumber, '--yes', '--api-base', url, '--data-dir', dockB, ...fleet);
    expect(release.status).toBe(2);
    expect(release.stderr).toContain('station Dock A recorded it');
    const alone = simfleetSync('audit', '--api-base', url, '--data-dir', dockB);
    expect(alone.status).toBe(2);

    // The fleet view says when the account was last audited, and by whom.
    const status = simfleetSync('fleet', 'status', '--db', fleetUrl);
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/Account last audited \d{4}-\d\d-\d\d \d\d:\d\d UTC by Dock B: 3 number\(s\), 1 finding\(s\)/);
  }, 240_000);
});
