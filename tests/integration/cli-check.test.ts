import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { environmentDir } from '../../main/environment/paths';
import { PurchaseLog } from '../../main/purchases/purchase-log';

const dataDir = mkdtempSync(join(tmpdir(), 'simfleet-check-'));
const check = (...args: string[]) => spawnSync(process.execPath, ['bin/simfleet.mjs', 'check', ...args, '--data-dir', dataDir], { encoding: 'utf8' });

describe('simfleet check', () => {
  it('exits 0 for a clean list and prints the summary', () => {
    const r = check('tests/fixtures/semicolon-crlf.csv');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('semicolon-crlf.csv: 5 row(s): 5 importable');
  });

  it('exits 1 with one line per finding, file:line first', () => {
    const r = check('tests/fixtures/excel-damage.csv');
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(
      'excel-damage.csv:4: error [excel_scientific] 8.90126E+19 was damaged by Excel ' +
        '(scientific notation); its last digits are lost. Re-export the column as Text.',
    );
  });

  it('prints every finding as JSON with line, column, value, severity, code and message', () => {
    const r = check('tests/fixtures/overrides.csv', '--json');
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout) as { summary: { errors: number }; findings: Array<Record<string, unknown>> };
    expect(json.summary.errors).toBe(2);
    expect(Object.keys(json.findings[0]!).sort()).toEqual(['code', 'column', 'line', 'message', 'severity', 'value']);
    expect(json.findings[0]).toMatchObject({ line: 4, column: 'AreaCode', value: '80', severity: 'error', code: 'bad_override' });
  });

  it('exits 0 when only warnings are found', () => {
    expect(check('tests/fixtures/warnings.csv').status).toBe(0);
  });

  it('exits 2 for unreadable input with a clear message', () => {
    for (const [file, text] of [
      ['tests/fixtures/binary.bin', 'binary.bin is not a text file'],
      ['tests/fixtures/empty.csv', 'empty.csv is empty (0 bytes)'],
      ['tests/fixtures/does-not-exist.csv', 'Cannot read tests/fixtures/does-not-exist.csv: no such file'],
      ['tests/fixtures', 'tests/fixtures is a folder, not a list file'],
    ]) {
      const r = check(file!);
      expect(r.status, file).toBe(2);
      expect(r.stderr).toContain(text);
    }
    expect(spawnSync(process.execPath, ['bin/simfleet.mjs', 'check'], { encoding: 'utf8' }).status).toBe(2);
  });

  it('flags ICCIDs already provisioned on this station (from its data folder)', async () => {
    const log = new PurchaseLog(environmentDir(dataDir, 'practice'));
    await log.record({
      iccid: '89012605260181590835',
      phoneNumber: '+18015550001',
      phoneNumberId: 'NID-1',
      orderId: 'JNUOID-1',
      at: '2026-11-02T09:00:00.000Z',
      batchId: 'b',
      batchName: 'Earlier',
      environment: 'practice',
    });
    await log.close();
    const r = check('tests/fixtures/utf8-bom-comma.csv');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('notice [already_provisioned]');
    expect(r.stdout).toContain('4 importable');
  });
});
