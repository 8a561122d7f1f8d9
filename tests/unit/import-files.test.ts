import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../main/errors/user-error';
import { NO_PURCHASES, type PurchaseSnapshot } from '../../main/purchases/purchase-log';
import { createImportService } from '../../main/import/import-service';
import { withRows, type FullView } from '../helpers/full-import';

const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/${name}`));
const listFixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/lists/${name}`));
const service = (provisioned: PurchaseSnapshot = NO_PURCHASES) => withRows(createImportService({ purchases: async () => provisioned }));
const load = (name: string, bytes: Uint8Array = fixture(name)) => service().fromFile(name, bytes);
const codes = (view: FullView) => view.rows.map((r) => r.codes.join('+') || 'ok');

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<{ code: string; message: string }> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (isUserError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('formats and encodings', () => {
  it.each([
    ['utf8-bom-comma.csv', ',', 'utf-8', 5, 'ICCID'],
    ['semicolon-crlf.csv', ';', 'utf-8', 5, 'ICCID'],
    ['tab.tsv', '\t', 'utf-8', 4, 'Serial Number'],
    ['pipe.txt', '|', 'utf-8', 3, 'sim'],
    ['utf16le-bom.txt', '\t', 'utf-16le', 3, 'SIM number'],
    ['utf16be-bom.txt', '\t', 'utf-16be', 2, 'SIM number'],
    ['windows-1252.csv', ';', 'windows-1252', 3, 'ICCID'],
    ['quoted-fields.csv', ',', 'utf-8', 2, 'ICCID'],
  ])('%s: delimiter, encoding, header and rows', async (name, delimiter, encoding, rows, header) => {
    const view = await load(name);
    expect(view).toMatchObject({ delimiter, encoding, hasHeader: true, chosenBy: 'header' });
    expect(view.columns[view.iccidColumn]).toBe(header);
    expect(view.summary).toMatchObject({ rows, ok: rows, errors: 0, importable: rows });
    expect(view.rows[0]!.line).toBe(2);
  });

  it('reads Windows-1252 text correctly (other columns keep their accents)', async () => {
    const view = await load('windows-1252.csv');
    expect(view.columns[0]).toBe('Référence');
  });

  it('finds the ICCID column by content when there is no header', async () => {
    const view = await load('no-header-list.txt');
    expect(view).toMatchObject({ hasHeader: false, chosenBy: 'content', delimiter: null, format: 'text' });
    expect(view.summary.ok).toBe(4);
    expect(view.rows[0]!.line).toBe(1);
  });

  it('never counts blank lines (or all-empty rows) as SIMs, and keeps file line numbers', async () => {
    const view = await load('blank-lines.csv');
    expect(view.summary.rows).toBe(3);
    expect(view.rows.map((r) => r.line)).toEqual([3, 6, 9]);
  });

  it('normalises spaces, dashes, a trailing F and the Excel apostrophe', async () => {
    const view = await load('normalise.csv');
    expect(view.rows.map((r) => r.iccid)).toEqual(['89012608656355150586', '89012607706589481132', '8901260114402426462', '89012608897514026149']);
    expect(view.summary.errors).toBe(0);
  });

  it('reads the shared vendor manifest and scanner session', async () => {
    expect((await load('vendor-manifest.csv', listFixture('vendor-manifest.csv'))).summary.errors).toBe(0);
    const scans = await load('scanner-session.txt', listFixture('scanner-session.txt'));
    expect(scans.summary.rows).toBeGreaterThan(0);
    expect(scans.hasHeader).toBe(false);
  });
});

describe('findings', () => {
  it('names Excel damage: scientific notation, zero-filled digits, decimal point', async () => {
    const view = await load('excel-damage.csv');
    expect(codes(view)).toEqual(['ok', 'ok', 'excel_scientific', 'excel_zero_filled', 'excel_decimal', 'ok']);
    const sci = view.findings.find((f) => f.code === 'excel_scientific')!;
    expect(sci).toMatchObject({ line: 4, column: 'ICCID', value: '8.90126E+19', severity: 'error' });
    expect(sci.message).toBe('Line 4: 8.90126E+19 was damaged by Excel (scientific notation); its last digits are lost. Re-export the column as Text.');
    expect(view.summary).toMatchObject({ rows: 6, errors: 3, importable: 3 });
  });

  it('flags the shared Excel-damaged fixture', async () => {
    const view = await load('excel-damaged.csv', listFixture('excel-damaged.csv'));
    expect(view.findings.some((f) => f.code === 'excel_scientific' && f.value === '8.90126E+19')).toBe(true);
  });

  it('names both lines of a duplicate and keeps the first', async () => {
    const view = await load('duplicates.csv');
    expect(codes(view)).toEqual(['ok', 'ok', 'duplicate']);
    expect(view.findings[0]!.message).toMatch(/^Line 4: .* is also on line 2; it is kept there and left out here\.$/);
    expect(view.summary).toMatchObject({ duplicates: 1, errors: 1, importable: 2 });
  });

  it('reads override columns and names malformed ones', async () => {
    const view = await load('overrides.csv');
    expect(view.overrideColumns).toEqual({ AreaCode: 'AreaCode', ZipCode: 'ZipCode', AssignedSubscriberId: 'AssignedSubscriberId', AccountId: 'AccountId' });
    expect(view.rows[0]!.overrides).toEqual({ AreaCode: '801', ZipCode: '84603' });
    expect(view.rows[1]!.overrides).toEqual({ AssignedSubscriberId: 'TSUID-1234567999', AccountId: 'AID-7f3c' });
    expect(view.rows[2]!.status).toBe('error');
    // The start confirmation counts the per-SIM values of the rows that will be sent (rows with errors are not).
    const s = service();
    const loaded = await s.fromFile('overrides.csv', fixture('overrides.csv'));
    expect(s.included(loaded.id).overrides).toEqual([
      { field: 'AreaCode', count: 1 },
      { field: 'ZipCode', count: 1 },
      { field: 'AssignedSubscriberId', count: 1 },
      { field: 'AccountId', count: 1 },
    ]);
    const messages = view.findings.filter((f) => f.line === 4).map((f) => f.message);
    expect(messages).toEqual([
      'Line 4: AreaCode "80" is not valid. An area code has 3 digits, for example 801; correct it or leave the cell empty.',
      'Line 4: ZipCode "601" is not valid. A ZIP code has 5 digits; Excel probably dropped ' +
        'its leading zeros (00601 became 601). Format the column as Text and re-enter it.',
      'Line 4: AssignedSubscriberId "subscriber 7" is not valid. A subscriber ID looks ' +
        'like TSUID-…; copy it from Settings → Provisioning profile, or leave the cell empty.',
    ]);
    expect(view.findings.filter((f) => f.line === 5).map((f) => f.column)).toEqual(['ZipCode', 'AccountId']);
  });

  it('warns (row kept) for not-89, Luhn mismatch and an unusual length', async () => {
    const view = await load('warnings.csv');
    expect(codes(view)).toEqual(['ok', 'ok', 'ok', 'not_89', 'luhn', 'unusual_length']);
    expect(view.rows.filter((r) => r.status === 'warning').every((r) => !r.excluded)).toBe(true);
    expect(view.summary).toMatchObject({ warnings: 3, importable: 6 });
  });

  it('rejects letters, short values and rows with no ICCID', async () => {
    const view = await load('bad-values.csv');
    expect(codes(view)).toEqual(['ok', 'not_digits', 'bad_length', 'missing']);
    expect(view.findings[0]!.message).toContain('contains "A", which is not a digit');
  });

  it('flags an ICCID provisioned in an earlier batch with its number and date, excluded', async () => {
    const lookup: PurchaseSnapshot = {
      find: (iccid) =>
        iccid === '89012605260181590835'
          ? {
              iccid,
              phoneNumber: '+18015550001',
              phoneNumberId: 'NID-1',
              orderId: 'JNUOID-1',
              at: '2026-11-01T10:00:00Z',
              batchId: 'b1',
              batchName: 'Acme 1',
              environment: 'practice',
            }
          : null,
    };
    const view = await service(lookup).fromFile('x.csv', fixture('utf8-bom-comma.csv'));
    expect(view.rows[0]).toMatchObject({ status: 'provisioned', excluded: true, codes: ['already_provisioned'] });
    expect(view.rows[0]!.message).toContain('+18015550001 on 2026-11-01 (batch "Acme 1")');
    expect(view.summary).toMatchObject({ alreadyProvisioned: 1, importable: 4 });
  });
});

describe('operator choices', () => {
  it('can change the ICCID column and exclude rows with warnings, but not rows with errors', async () => {
    const s = service();
    const view = await s.fromFile('tab.tsv', fixture('tab.tsv'));
    const other = await s.setColumn(view.id, 1);
    expect(other.chosenBy).toBe('operator');
    expect(other.summary.errors).toBe(4);
    const back = await s.setColumn(view.id, 0);
    const excluded = await s.setExcluded(back.id, [2, 3], true);
    expect(excluded.summary).toMatchObject({ excluded: 2, importable: 2 });
    expect((await s.setExcluded(back.id, [2], false)).summary.importable).toBe(3);
  });

  it('exports the problem rows as CSV with formulas neutralised', async () => {
    const s = service();
    const view = await s.fromText('paste', 'ICCID\n=HYPERLINK("x")\n89012605260181590835\n');
    const { fileName, csv } = await s.problemsCsv(view.id);
    expect(fileName).toBe('paste-problems.csv');
    expect(csv.split('\n')[0]).toBe('Line,Column,Value,Severity,Code,Message');
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });
});

describe('Excel workbooks', () => {
  async function workbook(rows: Array<Array<string | number>>, textColumn: boolean): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('SIMs');
    for (const r of rows) ws.addRow(r);
    if (textColumn) ws.getColumn(1).numFmt = '@';
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }

  it('reads text cells as text, with every digit', async () => {
    const bytes = await workbook(
      [
        ['ICCID', 'Customer'],
        ['89012605260181590835', 'Acme'],
        ['89012600166131860910', 'Acme'],
      ],
      true,
    );
    const view = await load('sims.xlsx', bytes);
    expect(view).toMatchObject({ format: 'xlsx', sheet: 'SIMs' });
    expect(view.rows.map((r) => r.iccid)).toEqual(['89012605260181590835', '89012600166131860910']);
  });

  it('names numeric cells as damaged: they cannot hold 19–20 digits', async () => {
    // What Excel does to a pasted 20-digit ICCID: a double that has already lost digits.
    const bytes = await workbook([['ICCID'], ['89012605260181590835'], [Number('89012600166131860910')]], false);
    const view = await load('sims.xlsx', bytes);
    expect(codes(view)).toEqual(['ok', 'excel_number']);
    expect(view.findings[0]!.message).toMatch(/^Line 3: Excel stored .* as a number, which keeps only 15 significant digits/);
  });

  it('refuses a corrupt workbook with the file name', async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]);
    const r = await refusal(load('broken.xlsx', bytes));
    expect(r.code).toBe('unreadable_xlsx');
    expect(r.message).toContain('broken.xlsx could not be opened as an Excel workbook');
  });
});

describe('garbage in', () => {
  it.each([
    ['empty.csv', 'empty_file', 'empty.csv is empty (0 bytes)'],
    ['binary.bin', 'not_text', 'binary.bin is not a text file'],
    ['no-iccid-column.csv', 'no_iccid_column', 'no column looks like ICCIDs'],
    ['header-only.csv', 'no_rows', 'has a header but no ICCID rows'],
  ])('%s gets a clear message', async (name, code, message) => {
    const r = await refusal(load(name));
    expect(r.code).toBe(code);
    expect(r.message).toContain(message);
  });

  it('refuses a file over the size limit before reading it', async () => {
    const huge = new Uint8Array(51 * 1024 * 1024);
    const r = await refusal(load('huge.csv', huge));
    expect(r.code).toBe('file_too_large');
    expect(r.message).toContain('huge.csv is 51 MB');
  });

  it('refuses whitespace-only pasted text', async () => {
    expect((await refusal(() => service().fromText('Pasted list', ' \n\n '))).code).toBe('empty_file');
  });
});

describe('scanner sessions', () => {
  it('accepts ICCIDs one at a time, stripping symbology prefixes, and rejects bad and repeated scans', async () => {
    const s = service();
    const session = await s.startScan();
    expect(await s.scan(session.id, ']C089012605260181590835')).toMatchObject({ accepted: true, iccid: '89012605260181590835', summary: { rows: 1 } });
    expect(await s.scan(session.id, '89012605260181590835')).toMatchObject({
      accepted: false,
      message: 'Already scanned: 8901 2605 2601 8159 0835 (scan 1).',
    });
    expect((await s.scan(session.id, '12345')).accepted).toBe(false);
    expect((await s.scan(session.id, '8901260016613186091O')).message).toContain('contains "O"');
    expect(await s.scan(session.id, '89012600166131860910')).toMatchObject({ accepted: true, summary: { rows: 2, importable: 2 } });
    expect((await s.get(session.id)).rejectedScans).toBe(3);
    expect((await s.get(session.id)).rows.map((r) => r.iccid)).toEqual(['89012605260181590835', '89012600166131860910']);
  });
});
