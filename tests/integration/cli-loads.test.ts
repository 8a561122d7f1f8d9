/**
 * A command loads the heavy packages only when it needs them (docs/cli.md, "Start-up"):
 * `simfleet provision` of a CSV list, run once per carton on a kitting PC and many times by
 * this suite, loads neither exceljs (workbooks), pdfkit (PDFs) nor pg (a fleet's database).
 * The packages a process imports are recorded by a resolve hook (tests/helpers/record-imports.mjs).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { PRACTICE_IDS } from '../../preload/constants';
import { listFile, simulatorForFile } from '../helpers/cli-process';

// In a process of its own: the CLI is run synchronously, and an in-process simulator could not answer it.
const simulator = simulatorForFile();

/** Runs the built CLI and answers its exit code and the packages it imported. */
function imported(dir: string, args: readonly string[]): { code: number | null; stderr: string; packages: Set<string> } {
  const record = join(dir, `imports-${args[0]}-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(record, '');
  const run = spawnSync(process.execPath, ['--import', './tests/helpers/record-imports.mjs', 'bin/simfleet.mjs', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, SIMFLEET_RECORD_IMPORTS: record },
  });
  const packages = new Set(
    readFileSync(record, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((s) =>
        s
          .split('/')
          .slice(0, s.startsWith('@') ? 2 : 1)
          .join('/'),
      ),
  );
  return { code: run.status, stderr: run.stderr, packages };
}

describe('what a command loads', () => {
  it('provision of a CSV list loads neither exceljs, pdfkit nor pg; check of a workbook does load exceljs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-loads-'));
    const { file } = listFile(dir, 3, 31);
    const provision = imported(dir, [
      'provision',
      file,
      '--out',
      join(dir, 'map.csv'),
      '--api-base',
      simulator.url(),
      '--data-dir',
      join(dir, 'data'),
      '--message-route-id',
      PRACTICE_IDS.messageRoute,
      '--rate',
      '6000',
    ]);
    expect(provision.code, provision.stderr).toBe(0);
    expect(provision.packages).toContain('csv-parse');
    for (const heavy of ['exceljs', 'pdfkit', 'pg']) expect(provision.packages, heavy).not.toContain(heavy);

    // The recorder sees a package that is loaded: a workbook's check loads exceljs.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('SIMs');
    sheet.addRow(['ICCID']);
    sheet.addRow(['89012600000000000018']);
    const xlsx = join(dir, 'list.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const checked = imported(dir, ['check', xlsx, '--data-dir', join(dir, 'data')]);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.packages).toContain('exceljs');
  });
});
