/**
 * `simfleet replace-card` against a standalone simulator (docs/audit.md, "Replacement card"):
 * the number moves to the new card exactly once, though the answer is lost after Telegent
 * made the change, or the process is killed while it waits; the mapping, the label and the
 * audit then follow the new card.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFile, setSimulatorFaults, simfleetSync, simulatorForFile } from '../helpers/cli-process';

const simulator = simulatorForFile();
const simfleet = simfleetSync;

async function swapsOf(number: string): Promise<Array<{ change: string; number: string }>> {
  const changes = (await (await fetch(`${simulator.url()}/__simulator/status-changes`)).json()) as Array<{ change: string; number: string }>;
  return changes.filter((c) => c.number === number);
}

function purchases(station: string): Array<{ iccid: string; phoneNumber: string; batchId: string; replaces?: string }> {
  return readFileSync(join(station, 'practice', 'purchases.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

describe('simfleet replace-card', () => {
  it('moves the number once though the answer is lost; the mapping, the label and the audit follow the new card', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-replace-'));
    const station = join(dir, 'station');
    const common = ['--api-base', simulator.url(), '--data-dir', station];
    const { file, iccids } = listFile(dir, 3, 51);
    expect(simfleet('provision', file, '--out', join(dir, 'map.csv'), ...common, '--rate', '6000').status).toBe(0);
    const [damaged, sibling] = iccids;
    const fresh = listFile(mkdtempSync(join(dir, 'new-')), 2, 52).iccids;
    const number = purchases(station).find((p) => p.iccid === damaged)!.phoneNumber;

    // Refused, nothing sent: no confirmation, a card that already has a number, a card SimFleet never bought.
    expect(simfleet('replace-card', damaged!, fresh[0]!, ...common).stderr).toContain('Run the same command with --yes');
    expect(simfleet('replace-card', damaged!, sibling!, '--yes', ...common).stderr).toContain('already has a number');
    expect(simfleet('replace-card', fresh[1]!, fresh[0]!, '--yes', ...common).stderr).toContain('has no number SimFleet bought');
    expect(simfleet('replace-card', damaged!, '8901260123', '--yes', ...common).stderr).toContain('is not an ICCID');
    expect(await swapsOf(number)).toEqual([]);

    // Telegent moves the number, then the connection drops: exit 3, and the run again finds it moved by a lookup.
    await setSimulatorFaults(simulator.url(), [{ kind: 'reset-after-commit', endpoint: '/v1.0/numbers/status', times: 1 }]);
    const lost = simfleet('replace-card', damaged!, fresh[0]!, '--yes', ...common);
    expect(lost.status, lost.stderr).toBe(3);
    expect(lost.stderr).toContain('do the same again');
    const settled = simfleet('replace-card', damaged!, fresh[0]!, '--yes', ...common);
    expect(settled.status, settled.stderr).toBe(0);
    expect(settled.stderr).toContain(`was already on the new card ${fresh[0]}`);
    expect(await swapsOf(number)).toEqual([expect.objectContaining({ change: 'swap-sim' })]);
    expect(purchases(station).filter((p) => p.replaces === damaged)).toEqual([expect.objectContaining({ iccid: fresh[0], phoneNumber: number })]);

    // The printed commands make the new card's label.
    const printed = settled.stderr.split('\n').filter((l) => l.startsWith('  simfleet '));
    expect(printed).toHaveLength(2);
    const batchId = purchases(station)[0]!.batchId;
    expect(simfleet('export', batchId, '--out', join(dir, 'mapping.csv'), '--data-dir', station).status).toBe(0);
    const mapping = readFileSync(join(dir, 'mapping.csv'), 'utf8');
    expect(mapping).toContain(fresh[0]);
    expect(mapping).not.toContain(damaged);
    const line = /--lines (\d+)/.exec(printed[1]!)![1]!;
    const label = simfleet('labels', join(dir, 'mapping.csv'), '--lines', line, '--format', 'html', '--qr', 'iccid', '--out', join(dir, 'new.html'));
    expect(label.status, label.stderr).toBe(0);
    const html = readFileSync(join(dir, 'new.html'), 'utf8');
    expect(html).toContain(fresh[0]!.slice(-6));
    expect(html).not.toContain(sibling!.slice(-6));

    // The audit follows the card: nothing gone, nothing moved. The damaged card and the new one are never bought again.
    const audit = simfleet('audit', ...common, '--json');
    expect(audit.status, audit.stdout).toBe(0);
    const again = simfleet('replace-card', damaged!, fresh[1]!, '--yes', ...common);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(`already moved to card ${fresh[0]}`);
    const reuse = simfleet('check', join(dir, 'map.csv'), '--data-dir', station);
    expect(reuse.status).toBe(5);
  }, 180_000);

  it('a replacement killed (SIGKILL) after Telegent moved the number is settled by a lookup when run again: one swap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-replace-kill-'));
    const station = join(dir, 'station');
    const common = ['--api-base', simulator.url(), '--data-dir', station];
    const { file, iccids } = listFile(dir, 1, 53);
    expect(simfleet('provision', file, '--out', join(dir, 'map.csv'), ...common, '--rate', '6000').status).toBe(0);
    const fresh = listFile(mkdtempSync(join(dir, 'new-')), 1, 54).iccids[0]!;
    const number = purchases(station)[0]!.phoneNumber;
    await setSimulatorFaults(simulator.url(), [{ kind: 'timeout-after-commit', endpoint: '/v1.0/numbers/status', times: 1 }]);
    const child = spawn(process.execPath, ['bin/simfleet.mjs', 'replace-card', iccids[0]!, fresh, '--yes', ...common], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await expect.poll(() => swapsOf(number), { timeout: 60_000 }).toHaveLength(1);
    child.kill('SIGKILL');
    await exited;
    await setSimulatorFaults(simulator.url(), []);
    // Killed between Telegent's change and the purchase log: the new card is not recorded yet.
    expect(purchases(station).some((p) => p.iccid === fresh)).toBe(false);
    const again = simfleet('replace-card', iccids[0]!, fresh, '--yes', ...common);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('was already on the new card');
    expect(await swapsOf(number)).toHaveLength(1);
    expect(purchases(station).filter((p) => p.iccid === fresh)).toEqual([expect.objectContaining({ replaces: iccids[0], phoneNumber: number })]);
  }, 180_000);
});
