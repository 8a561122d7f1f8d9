/**
 * Big lists in bounded memory (docs/import.md, "Size and memory"): the text is parsed a
 * chunk at a time into flat arrays, rows reach the screen a page at a time, and none of
 * that may change what is read: chunked parsing equals one parse of the whole text, line
 * numbers stay the file's, duplicates are found in sorted and unsorted lists alike.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { NO_PURCHASES, PurchaseLog } from '../../main/purchases/purchase-log';
import { luhnCheckDigit } from '../../main/import/iccid';
import { createImportService } from '../../main/import/import-service';
import { isBlankRow, parseDelimited, type SourceTable } from '../../main/import/table';

const rowsOf = (t: SourceTable) => Array.from({ length: t.count }, (_, i) => ({ line: t.line(i), cells: t.cells(i) }));
const iccid = (n: number) => {
  const body = `8901260${String(n).padStart(11, '0')}`;
  return body + luhnCheckDigit(body);
};

describe('chunked parsing', () => {
  const cell = fc.oneof(
    fc.constantFrom('', ' ', '8901260000000000014', 'Acme', 'a"b', '3,00'),
    fc.string({ unit: fc.constantFrom('a', '1', ',', ';', '"', ' ', '\n', '\r', '\r\n', 'é'), maxLength: 6 }),
  );
  const quoted = (c: string) => `"${c.replace(/"/g, '""')}"`;
  const record = fc.array(fc.tuple(cell, fc.boolean()), { minLength: 1, maxLength: 4 });
  const file = fc.tuple(fc.array(record, { minLength: 1, maxLength: 30 }), fc.constantFrom('\r\n', '\n', '\r'), fc.constantFrom(',', ';', '\t'));

  it('reads the same rows, on the same lines, whatever the chunk size, and the same cells as csv-parse', () => {
    fc.assert(
      fc.property(file, ([records, eol, delimiter]) => {
        // Quoted where a cell needs it, as any spreadsheet writes CSV.
        const text = records.map((r) => r.map(([c, q]) => (q || /["\r\n,;\t]/.test(c) ? quoted(c) : c)).join(delimiter)).join(eol);
        const bytes = Buffer.from(text);
        const whole = rowsOf(parseDelimited(bytes, delimiter as ',', 'f.csv', 1 << 30));
        for (const size of [1, 7, 64]) expect(rowsOf(parseDelimited(bytes, delimiter as ',', 'f.csv', size))).toEqual(whole);
        const library = (parse(bytes, { delimiter, record_delimiter: eol, relax_column_count: true, relax_quotes: true }) as string[][]).filter(
          (cells) => !isBlankRow(cells),
        );
        expect(whole.map((r) => r.cells)).toEqual(library);
      }),
      { numRuns: 300 },
    );
  });

  it('names a record by its first physical line after blank CRLF lines and quoted line breaks', () => {
    // csv-parse's own `info.lines` counts this blank CRLF line twice (docs/import.md, "Line numbers").
    const t = parseDelimited(Buffer.from('ICCID,Note\r\n\r\n8901260000000000014,"two\r\nlines"\r\n8901260000000000089,x\r\n'), ',', 'f.csv', 8);
    expect(rowsOf(t).map((r) => r.line)).toEqual([1, 3, 5]);
  });
});

describe('big lists', () => {
  it('finds duplicates in a sorted list (its shortcut) and in a shuffled one', async () => {
    const service = createImportService({ purchases: async () => NO_PURCHASES });
    const sorted = [iccid(1), iccid(2), iccid(2), iccid(3)];
    const shuffled = [iccid(3), iccid(1), iccid(2), iccid(1)];
    for (const [list, duplicateLine] of [
      [sorted, 4],
      [shuffled, 5],
    ] as const) {
      const view = await service.fromText({ name: 'list.csv', text: ['ICCID', ...list].join('\n') });
      expect(view.summary.duplicates).toBe(1);
      expect((await service.rows({ id: view.id, filter: 'duplicates', search: '', offset: 0, limit: 10 })).rows.map((r) => r.line)).toEqual([duplicateLine]);
    }
    const clean = await service.fromText({ name: 'list.csv', text: ['ICCID', iccid(1), iccid(2), iccid(3)].join('\n') });
    expect(clean.summary.duplicates).toBe(0);
  });

  it('pages rows by filter and ICCID search, and leaves warnings out and in again', async () => {
    const service = createImportService({ purchases: async () => NO_PURCHASES });
    const list = Array.from({ length: 2500 }, (_, i) => iccid(i + 1));
    list[10] = '8901260000000000015'; // fails the check digit: a warning
    list[2000] = '12345'; // too short: an error
    const view = await service.fromText({ name: 'list.csv', text: ['ICCID', ...list].join('\n') });
    expect(view.counts).toMatchObject({ all: 2500, warnings: 1, errors: 1, ok: 2498, problems: 2 });
    const page = await service.rows({ id: view.id, filter: 'all', search: '', offset: 1000, limit: 1000 });
    expect(page).toMatchObject({ total: 2500, offset: 1000, revision: view.revision });
    expect(page.rows.map((r) => r.line)).toEqual(Array.from({ length: 1000 }, (_, i) => 1002 + i));
    expect((await service.rows({ id: view.id, filter: 'all', search: '', offset: 2400, limit: 1000 })).rows).toHaveLength(100);
    expect((await service.rows({ id: view.id, filter: 'errors', search: '', offset: 0, limit: 10 })).rows[0]).toMatchObject({
      line: 2002,
      status: 'error',
      excluded: true,
    });
    // Typed as the table shows it (grouped by four), matched as digits anywhere in the ICCID.
    const needle = iccid(1234).slice(-9);
    const found = await service.rows({ id: view.id, filter: 'all', search: `${needle.slice(0, 4)} ${needle.slice(4)}`, offset: 0, limit: 10 });
    expect(found.rows.map((r) => r.iccid)).toEqual(list.filter((c) => c.includes(needle)));
    expect(found.total).toBeGreaterThan(0);

    const out = await service.setExcludedWhere({ id: view.id, filter: 'warnings', excluded: true });
    expect(out.revision).toBeGreaterThan(view.revision);
    expect(out).toMatchObject({ warningsLeftOut: 1, summary: { importable: 2498, excluded: 2 } });
    expect(service.importable(view.id)).toHaveLength(2498);
    const back = await service.setExcludedWhere({ id: view.id, filter: 'warnings', excluded: false });
    expect(back).toMatchObject({ warningsLeftOut: 0, summary: { importable: 2499 } });
    expect(service.importable(view.id).map((r) => r.line)).toContain(12);
  });

  it('reads the purchase log once per import, not once per row', async () => {
    const log = new PurchaseLog(mkdtempSync(join(tmpdir(), 'simfleet-scale-')));
    await log.record({
      iccid: iccid(2),
      phoneNumber: '+18015550100',
      phoneNumberId: null,
      orderId: null,
      at: '2026-11-01T00:00:00.000Z',
      batchId: 'b',
      batchName: 'earlier',
      environment: 'practice',
    });
    let snapshots = 0;
    const view = await createImportService({ purchases: () => (snapshots++, log.snapshot()) }).fromText({
      name: 'list.csv',
      text: ['ICCID', iccid(1), iccid(2), iccid(3)].join('\n'),
    });
    expect(view.summary.alreadyProvisioned).toBe(1);
    expect(snapshots).toBe(1);
    await log.close();
  });
});
