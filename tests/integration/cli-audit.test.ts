/**
 * `simfleet audit` against a standalone simulator (docs/audit.md): doubles made on purpose
 * (a second station with its own data folder buys a SIM again: nothing shares claims
 * between them), an unrecorded purchase (a purchase-log line removed), a cancelled number,
 * and numbers of SIMs this station never saw.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cancelOnAccount, listFile, setSimulatorFaults, simfleetSync, simulatorForFile } from '../helpers/cli-process';
import type { AuditFindingView as AuditFinding } from '../../preload/views';

const simulator = simulatorForFile();
const simfleet = simfleetSync;

describe('simfleet audit', () => {
  it('finds each double, unrecorded purchase and cancelled number, counts the numbers that are not ours, and exits 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-audit-'));
    const station = join(dir, 'station');
    const { file, iccids } = listFile(dir, 6, 41);
    const bought = simfleet('provision', file, '--out', join(dir, 'map.csv'), '--api-base', simulator.url(), '--data-dir', station, '--rate', '6000');
    expect(bought.status, bought.stderr).toBe(0);
    // Clean so far.
    const clean = simfleet('audit', '--api-base', simulator.url(), '--data-dir', station, '--json');
    expect(clean.status, clean.stderr).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({ findings: [], numbersOnAccount: 6, notOurs: 0 });

    // Another station, with its own data folder, buys the first SIM again, and two SIMs this station never saw.
    const other = listFile(dir, 2, 42);
    writeFileSync(join(dir, 'other.csv'), ['ICCID', iccids[0], ...other.iccids].join('\n'));
    const again = simfleet(
      'provision',
      join(dir, 'other.csv'),
      '--out',
      join(dir, 'other-map.csv'),
      '--api-base',
      simulator.url(),
      '--data-dir',
      join(dir, 'other'),
    );
    expect(again.status, again.stderr).toBe(0);
    // This station's record of the second SIM is lost (a line of its purchase log gone), and the third SIM's number is cancelled.
    const log = join(station, 'practice', 'purchases.jsonl');
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    const byIccid = new Map(lines.map((l) => [JSON.parse(l).iccid as string, JSON.parse(l) as { phoneNumber: string }]));
    writeFileSync(log, `${lines.filter((l) => !l.includes(iccids[1]!)).join('\n')}\n`);
    await cancelOnAccount(simulator.url(), byIccid.get(iccids[2]!)!.phoneNumber);

    const r = simfleet('audit', '--api-base', simulator.url(), '--data-dir', station, '--json');
    expect(r.status, r.stderr).toBe(3);
    const report = JSON.parse(r.stdout) as { findings: AuditFinding[]; notOurs: number; numbersOnAccount: number };
    expect(report.numbersOnAccount).toBe(9);
    expect(report.notOurs).toBe(2);
    const kinds = report.findings.map((f) => [f.kind, f.iccid]).sort();
    expect(kinds).toEqual([
      ['double', iccids[0]],
      ['gone', iccids[2]],
      ['unrecorded', iccids[1]],
    ]);
    const double = report.findings.find((f) => f.kind === 'double')!;
    // The recorded number (on the label) first: the one to keep.
    expect(double.kind === 'double' && double.numbers.map((n) => [n.number, n.recorded])).toEqual([
      [byIccid.get(iccids[0]!)!.phoneNumber, true],
      [expect.any(String), false],
    ]);
    expect(r.stderr).toContain("1 double(s), 1 unrecorded purchase(s), 1 recorded but gone, 2 not SimFleet's (listed with --list-not-ours)");
    // What the operator may do from the screen: release the extra number of the double; adopt or release the unrecorded one.
    expect(double.release).toEqual([double.numbers[1]!.number]);
    // The unrecorded number is the one its batch row holds (the log line was lost): it is on the label, so adopted, never released.
    const unrecorded = report.findings.find((f) => f.kind === 'unrecorded')!;
    expect([unrecorded.adopt, unrecorded.release]).toEqual([unrecorded.numbers[0]!.number, []]);
    // The last audit is kept for the Account screen, with the station that made it.
    const kept1 = JSON.parse(readFileSync(join(station, 'practice', 'audit', 'last-audit.json'), 'utf8')) as {
      v: number;
      audit: { station: string; findings: unknown[] };
    };
    expect(kept1).toMatchObject({ v: 1, audit: { station: hostname(), findings: expect.any(Array) } });
    expect(kept1.audit.findings).toHaveLength(3);

    // Said for people, with what to do; the numbers not ours listed on request.
    const words = simfleet('audit', '--api-base', simulator.url(), '--data-dir', station, '--list-not-ours');
    expect(words.status).toBe(3);
    expect(words.stdout).toContain(`double: SIM ${iccids[0]} has 2 live numbers`);
    expect(words.stdout).toContain('release the other');
    expect(words.stdout.split('\n').filter((l) => l.startsWith('{"notOurs"'))).toHaveLength(2);

    // The double's extra number is released, exactly once, though the first answer is lost.
    const [kept, extra] = double.kind === 'double' ? double.numbers.map((n) => n.number) : [];
    const common = ['--api-base', simulator.url(), '--data-dir', station];
    expect(simfleet('release', kept!, '--yes', ...common).stderr).toContain("is the number on a SIM's label: SimFleet recorded it for SIM");
    const unconfirmed = simfleet('release', extra!, ...common);
    expect(unconfirmed.status).toBe(2);
    expect(unconfirmed.stderr).toContain('is permanent');
    await setSimulatorFaults(simulator.url(), [{ kind: 'reset-after-commit', endpoint: '/v1.0/numbers/status', times: 1 }]);
    const lost = simfleet('release', extra!, '--yes', ...common);
    expect(lost.status, lost.stderr).toBe(3);
    expect(lost.stderr).toContain('do the same again');
    const settled = simfleet('release', extra!, '--yes', ...common);
    expect(settled.status, settled.stderr).toBe(0);
    expect(settled.stderr).toContain('was already released');
    const changes = (await (await fetch(`${simulator.url()}/__simulator/status-changes`)).json()) as Array<{ change: string; number: string }>;
    expect(changes.filter((c) => c.number === extra)).toEqual([expect.objectContaining({ change: 'cancel' })]);
    const after = JSON.parse(simfleet('audit', ...common, '--json').stdout) as { findings: AuditFinding[] };
    expect(after.findings.map((f) => f.kind).sort()).toEqual(['gone', 'unrecorded']);

    // The unrecorded purchase is adopted, after a confirmation: into the purchase log, with a note, and into the batch's mapping.
    const lost1 = report.findings.find((f) => f.kind === 'unrecorded')!;
    const lostNumber = lost1.numbers[0]!.number;
    expect(simfleet('adopt', lostNumber, ...common).stderr).toContain('Run the same command with --yes');
    const onLabel = simfleet('release', lostNumber, '--yes', ...common);
    expect(onLabel.status).toBe(2);
    expect(onLabel.stderr).toContain(`is the number on a SIM's label: batch "`);
    expect(onLabel.stderr).toContain(`holds it for SIM ${iccids[1]}`);
    expect(simfleet('adopt', kept!, '--yes', ...common).stderr).toContain('already recorded');
    const adopted = simfleet('adopt', lostNumber, '--yes', ...common);
    expect(adopted.status, adopted.stderr).toBe(0);
    expect(adopted.stderr).toContain(`adopted for SIM ${iccids[1]}`);
    expect(readFileSync(log, 'utf8')).toContain('Adopted by the account audit');
    const batchId = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { batchId: string })[0]!.batchId;
    expect(simfleet('export', batchId, '--out', join(dir, 'mapping.csv'), '--data-dir', station).status).toBe(0);
    const mapped = readFileSync(join(dir, 'mapping.csv'), 'utf8')
      .split('\n')
      .find((l) => l.includes(iccids[1]!));
    expect(mapped).toContain(lostNumber.slice(1));
    expect(mapped).toContain(',provisioned,');
    const last = JSON.parse(simfleet('audit', ...common, '--json').stdout) as { findings: AuditFinding[] };
    expect(last.findings.map((f) => f.kind)).toEqual(['gone']);
  }, 180_000);

  it('a release killed (SIGKILL) after Telegent made the change is settled by a lookup when run again: one cancel', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-release-kill-'));
    const station = join(dir, 'station');
    const { file } = listFile(dir, 1, 43);
    expect(simfleet('provision', file, '--out', join(dir, 'a.csv'), '--api-base', simulator.url(), '--data-dir', station, '--rate', '6000').status).toBe(0);
    // A second data folder buys the same SIM again: its number is the extra one.
    expect(
      simfleet('provision', file, '--out', join(dir, 'b.csv'), '--api-base', simulator.url(), '--data-dir', join(dir, 'other'), '--rate', '6000').status,
    ).toBe(0);
    const extra = JSON.parse(readFileSync(join(dir, 'other', 'practice', 'purchases.jsonl'), 'utf8').trim()).phoneNumber as string;
    const changesOf = async () =>
      ((await (await fetch(`${simulator.url()}/__simulator/status-changes`)).json()) as Array<{ change: string; number: string }>).filter(
        (c) => c.number === extra,
      );
    // Telegent makes the change, then never answers; the process is killed while it waits.
    await setSimulatorFaults(simulator.url(), [{ kind: 'timeout-after-commit', endpoint: '/v1.0/numbers/status', times: 1 }]);
    const child = spawn(process.execPath, ['bin/simfleet.mjs', 'release', extra, '--yes', '--api-base', simulator.url(), '--data-dir', station], {
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await expect.poll(changesOf, { timeout: 60_000 }).toHaveLength(1);
    child.kill('SIGKILL');
    await exited;
    await setSimulatorFaults(simulator.url(), []);
    const again = simfleet('release', extra, '--yes', '--api-base', simulator.url(), '--data-dir', station);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('was already released');
    expect(await changesOf()).toEqual([expect.objectContaining({ change: 'cancel' })]);
  }, 180_000);

  it('refuses a data folder that is not there (nothing to audit), and creates nothing', () => {
    const missing = join(tmpdir(), 'simfleet-audit-none', 'data');
    const r = simfleet('audit', '--data-dir', missing);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no such folder');
  });
});
