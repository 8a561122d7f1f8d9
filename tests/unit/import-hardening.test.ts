/**
 * Real-world lists that used to lose or change SIMs silently (docs/import.md). Each
 * class has its own generated file; the property test checks that no headerless list
 * loses a row, whatever damage its first row carries.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_PURCHASES } from '../../main/purchases/purchase-log';
import { luhnCheckDigit } from '../../main/import/iccid';
import { createImportService } from '../../main/import/import-service';
import { withRows, type FullView } from '../helpers/full-import';
import { textWorkbook } from '../helpers/xlsx-bomb';
import { referenceCells } from '../../main/import/cell-references';

const service = withRows(createImportService({ purchases: async () => NO_PURCHASES }));
const fromText = (text: string, name = 'list.txt'): Promise<FullView> => service.fromFile(name, new TextEncoder().encode(text));

let seq = 0;
function iccid(): string {
  const body = `8901260${String(9_000_000 + seq++).padStart(8, '0')}4242`;
  return body + luhnCheckDigit(body);
}
const iccids = (n: number) => Array.from({ length: n }, iccid);

describe('a damaged first data row of a headerless list is data, with its finding', () => {
  const damage: Array<[string, (id: string) => string, string]> = [
    ['a letter O for a zero', (id) => id.replace('0', 'O'), 'not_digits'],
    ['a decimal point', (id) => `${id.slice(0, 10)}.${id.slice(10)}`, 'excel_decimal'],
    ['too few digits', (id) => id.slice(0, 12), 'bad_length'],
  ];
  it.each(damage)('%s', async (_name, spoil, code) => {
    const list = iccids(5);
    const view = await fromText([spoil(list[0]!), ...list.slice(1)].join('\n'));
    expect(view.hasHeader).toBe(false);
    expect(view.summary.rows).toBe(5);
    expect(view.findings.find((f) => f.line === 1)?.code).toBe(code);
  });

  it('a real header still reads as one, known name or plain words', async () => {
    for (const head of ['ICCID', 'Kartennummer', 'Numéro de carte']) {
      const view = await fromText([head, ...iccids(3)].join('\n'));
      expect(view.hasHeader, head).toBe(true);
      expect(view.summary.rows).toBe(3);
    }
  });

  it('property: no headerless list loses a row, whatever the first row looks like', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Digits with damage around and inside them: letters, punctuation, prefixes, spaces.
        fc
          .tuple(fc.string({ maxLength: 4 }), fc.stringMatching(/^\d{6,22}$/), fc.string({ maxLength: 4 }))
          .map(([a, digits, b]) => `${a}${digits}${b}`.replace(/[\r\n"]/g, '')),
        fc.integer({ min: 2, max: 8 }),
        async (first, n) => {
          const view = await fromText([first, ...iccids(n)].join('\n'));
          expect(view.summary.rows).toBe(n + 1);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('scanner output in files', () => {
  it('strips AIM prefixes (]C0, ]Q1, GS1 ]C1 with group separators) as scan mode does, first row included', async () => {
    const list = iccids(4);
    const view = await fromText([`]C0${list[0]}`, `]Q1${list[1]}`, `]C1${list[2]!.slice(0, 10)}\u001d${list[2]!.slice(10)}`, list[3]].join('\n'));
    expect(view.hasHeader).toBe(false);
    expect(view.rows.map((r) => r.iccid)).toEqual(list);
    expect(view.summary.errors).toBe(0);
  });

  it('reads a scanner dump with a GS1 group separator on every line as text, not binary', async () => {
    const list = iccids(40);
    const view = await fromText(list.map((id) => `]C1${id}\u001d`).join('\r\n'), 'scans.txt');
    expect(view.rows.map((r) => r.iccid)).toEqual(list);
    expect(view.summary.errors).toBe(0);
  });
});

describe('what a list holds besides SIMs', () => {
  it('skips summary lines at the end ("Total: 6", "Count;6") with one note, and keeps a SIM on the last line', async () => {
    const list = iccids(6);
    const view = await fromText(['ICCID;Carton', ...list.map((id) => `${id};C1`), '', 'Total: 6', 'Count;6'].join('\n'), 'carton.csv');
    expect(view.rows.map((r) => r.iccid)).toEqual(list);
    expect(view.summary.errors).toBe(0);
    expect(view.notes).toEqual(['Lines 9, 10 ("Total: 6", …) read as a summary at the end of the list, not a SIM; skipped.']);
    // Without a summary line nothing is skipped.
    const plain = await fromText(['ICCID', ...list].join('\n'));
    expect(plain.notes).toEqual([]);
    expect(plain.rows).toHaveLength(6);
  });

  it('does not use an override column that holds something else (customer names under "Account"), saying so once', async () => {
    const list = iccids(5);
    const view = await fromText(['ICCID,Account,Area', ...list.map((id, i) => `${id},Acme Corp ${i},Bay ${i}`)].join('\n'), 'customers.csv');
    expect(view.summary.errors).toBe(0);
    expect(view.summary.importable).toBe(5);
    expect(view.overrideColumns).toEqual({});
    expect(view.notes).toEqual([
      'The "Area" column does not hold area codes (3 digits) ("Bay 0" on line 2), so it is not used: every SIM gets the batch\'s area code.',
      'The "Account" column does not hold account IDs (AID-…) ("Acme Corp 0" on line 2), so it is not used: every SIM gets the batch\'s account.',
    ]);
    // A real override column with one typo still reports that row.
    const typo = await fromText(['ICCID,Area', ...list.map((id, i) => `${id},${i === 2 ? '8O1' : '801'}`)].join('\n'), 'areas.csv');
    expect(typo.overrideColumns).toEqual({ AreaCode: 'Area' });
    expect(typo.summary.errors).toBe(1);
    expect(typo.notes).toEqual([]);
  });
});

describe('workbooks written without cell references', () => {
  it('reads every cell of a sheet whose cells have no r attribute (valid OOXML, written by several libraries)', async () => {
    const list = iccids(4);
    const rows = [['ICCID', 'Carton'], ...list.map((id, i) => [id, `C-${i}`])];
    const view = await service.fromFile('no-refs.xlsx', textWorkbook(rows, false));
    expect(view.format).toBe('xlsx');
    expect(view.rows.map((r) => r.iccid)).toEqual(list);
    expect(view.summary.errors).toBe(0);
    // The same with references reads the same.
    expect((await service.fromFile('refs.xlsx', textWorkbook(rows, true))).rows.map((r) => r.iccid)).toEqual(list);
  });

  it('numbers rows and cells on from the last reference given, with any namespace prefix, empty and self-closing cells alike', () => {
    const sheet = '<row><c/><c r="C1"/><c t="s"><v>0</v></c></row><cols><col min="1"/></cols><x:row><x:c>1</x:c></x:row><row r="9"><c/></row>';
    expect(referenceCells(sheet)).toBe(
      '<row r="1"><c r="A1"/><c r="C1"/><c r="D1" t="s"><v>0</v></c></row><cols><col min="1"/></cols>' +
        '<x:row r="2"><x:c r="A2">1</x:c></x:row><row r="9"><c r="A9"/></row>',
    );
  });
});

describe('zero-filled tails', () => {
  it('a genuine ICCID whose tail is zeros (valid check digit) is a warning that can be kept; a column of them is Excel damage', async () => {
    const genuine = (() => {
      // 20 digits like the rest of the list, digits 16–20 all zero, and a valid check digit.
      for (let i = 0; ; i++) {
        const body = `8901260${String(1_000_000 + i).padStart(8, '0')}0000`;
        if (luhnCheckDigit(body) === '0') return `${body}0`;
      }
    })();
    const one = await fromText(['ICCID', ...iccids(5), genuine].join('\n'));
    const row = one.rows.find((r) => r.iccid === genuine)!;
    expect(row.codes).toEqual(['zero_tail']);
    expect(one.findings.find((f) => f.code === 'zero_tail')?.severity).toBe('warning');
    expect(one.summary.importable).toBe(6);
    const damaged = await fromText(['ICCID', ...iccids(4).map((id) => `${id.slice(0, 15)}0000`)].join('\n'));
    expect(damaged.findings.every((f) => f.code === 'excel_zero_filled' && f.severity === 'error')).toBe(true);
  });
});

describe('delimiters', () => {
  it('a tab-separated list with decimal commas is split on the tab; no wrong long ICCID is accepted', async () => {
    const list = iccids(6);
    const view = await fromText(list.map((id) => `${id}\t3,00`).join('\n'), 'export.txt');
    expect(view.delimiter).toBe('\t');
    expect(view.rows.map((r) => r.iccid)).toEqual(list);
    expect(view.summary.errors).toBe(0);
  });

  it('a tab is never stripped out of a cell to glue two cells into one ICCID', async () => {
    const [a] = iccids(1);
    const view = await fromText(`ICCID,Qty\n"${a}\t3",1\n`, 'glued.csv');
    expect(view.rows[0]!.iccid).toBeNull();
    expect(view.findings[0]).toMatchObject({ line: 2, code: 'not_digits' });
    expect(view.findings[0]!.message).toContain('a tab');
  });

  it('follows quotes across line breaks (address columns) and names each record by its first line', async () => {
    const list = iccids(4);
    const text = ['ICCID,Address,Qty', ...list.map((id, i) => `${id},"${i} Main St\nSuite ${i}, Springfield",1`)].join('\r\n');
    const view = await fromText(text, 'google-export.csv');
    expect(view.delimiter).toBe(',');
    expect(view.rows.map((r) => r.iccid)).toEqual(list);
    expect(view.rows.map((r) => r.line)).toEqual([2, 4, 6, 8]);
  });

  it('reads a classic Mac file (lone CR line ends) as lines', async () => {
    const list = iccids(5);
    const view = await fromText(['ICCID', ...list].join('\r'), 'mac.csv');
    expect(view.rows.map((r) => r.iccid)).toEqual(list);
  });
});

describe('several ICCIDs on one line', () => {
  it('a scanner dump without line breaks is refused with a finding, never read as one SIM', async () => {
    const list = iccids(4);
    const view = await fromText(`${list.join('\t')}\t`, 'scans.txt');
    expect(view.summary.importable).toBe(0);
    expect(view.findings[0]).toMatchObject({ line: 1, code: 'several_iccids', severity: 'error' });
    expect(view.findings[0]!.message).toContain('holds 4 ICCIDs');
  });
});

describe('NUL bytes', () => {
  it('a NUL inside the text after the first 8 KB does not split a cell and hide an ICCID', async () => {
    const list = iccids(600);
    const hidden = list[550]!;
    const text = ['ICCID', ...list.slice(0, 550), `${hidden.slice(0, 8)}\u0000${hidden.slice(8)}`, ...list.slice(551)].join('\n');
    expect(text.indexOf('\u0000')).toBeGreaterThan(8192);
    const view = await fromText(text, 'nul.csv');
    expect(view.summary.rows).toBe(600);
    const finding = view.findings.find((f) => f.line === 552);
    expect(finding?.code).toBe('not_digits');
    expect(finding?.message).toContain('a NUL byte');
    expect(finding?.message).not.toContain('\u0000');
  });
});

describe('which column holds the ICCIDs', () => {
  it('ICCID wins over Serial Number by header', async () => {
    const list = iccids(3);
    const view = await fromText(['Serial Number,ICCID', ...list.map((id, i) => `SN-${1000 + i},${id}`)].join('\n'), 'a.csv');
    expect(view.columns[view.iccidColumn]).toBe('ICCID');
    expect(view.rows.map((r) => r.iccid)).toEqual(list);
  });

  it('by content, over line numbers, IMSI (15 digits) and EID (32 digits)', async () => {
    const list = iccids(4);
    const rows = list.map((id, i) => `${i + 1},3102600${String(12345678 + i)},${id},89049032${'0'.repeat(23)}${i}`);
    const view = await fromText(rows.join('\n'), 'b.csv');
    expect(view.iccidColumn).toBe(2);
    expect(view.chosenBy).toBe('content');
  });

  it('a "SIM" column of slot numbers loses to a column that holds the ICCIDs', async () => {
    const list = iccids(3);
    const view = await fromText(['SIM,Serial Number', ...list.map((id, i) => `${i + 1},${id}`)].join('\n'), 'c.csv');
    expect(view.columns[view.iccidColumn]).toBe('Serial Number');
  });

  it('the operator can choose another column', async () => {
    const list = iccids(2);
    const view = await fromText(['A,B', ...list.map((id) => `${id},${id}`)].join('\n'), 'd.csv');
    expect((await service.setColumn(view.id, 1)).iccidColumn).toBe(1);
  });
});

describe('lines before the header', () => {
  it("Excel's sep=; hint line", async () => {
    const list = iccids(3);
    const view = await fromText(['sep=;', 'ICCID;Qty', ...list.map((id) => `${id};1`)].join('\r\n'), 'sep.csv');
    expect(view.delimiter).toBe(';');
    expect(view.columns[view.iccidColumn]).toBe('ICCID');
    expect(view.rows.map((r) => r.line)).toEqual([3, 4, 5]);
  });

  it("a vendor's title lines", async () => {
    const list = iccids(3);
    const view = await fromText(
      ['Acme Telecom SIM manifest', 'Shipment 2026-11-30, carton 7', '', 'ICCID,Qty', ...list.map((id) => `${id},1`)].join('\n'),
      'title.csv',
    );
    expect(view.rows.map((r) => r.iccid)).toEqual(list);
    expect(view.rows[0]!.line).toBe(5);
  });

  it('a merged title row in a workbook', async () => {
    const list = iccids(3);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Manifest');
    ws.getCell('A1').value = 'Acme SIM manifest';
    ws.mergeCells('A1:C1');
    ws.addRow(['ICCID', 'Qty', 'Note']);
    for (const id of list) ws.addRow([id, 1, '']);
    const view = await service.fromFile('merged.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(view.rows.map((r) => r.iccid)).toEqual(list);
  });
});

describe('workbook formulas with no saved value', () => {
  it('are reported on their row as formulas to re-save in Excel, never dropped or called missing', async () => {
    const list = iccids(3);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['ICCID']);
    ws.addRow([list[0]]);
    ws.getCell('A3').value = { formula: `"${list[1]!.slice(0, 10)}"&"${list[1]!.slice(10)}"` } as ExcelJS.CellFormulaValue;
    ws.addRow([list[2]]);
    const view = await service.fromFile('openpyxl.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(view.summary.rows).toBe(3);
    const finding = view.findings.find((f) => f.line === 3);
    expect(finding?.code).toBe('formula_no_value');
    expect(finding?.message).toContain('save it again');
  });
});

describe('honest refusals: what the file is and what to do, never a library message', () => {
  const refusal = async (name: string, bytes: Uint8Array): Promise<{ code: string; message: string }> => {
    try {
      await service.fromFile(name, bytes);
    } catch (error) {
      return error as { code: string; message: string };
    }
    throw new Error('expected a refusal');
  };
  const ole = (extra: string) => {
    const bytes = new Uint8Array(4096);
    bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    if (extra) bytes.set(Buffer.from(extra, 'utf16le'), 1024);
    return bytes;
  };

  it.each([
    ['old binary .xls', 'list.xls', ole(''), 'old_excel', 'old Excel 97–2003 workbook'],
    ['a password-protected workbook', 'list.xlsx', ole('EncryptedPackage'), 'password_protected', 'remove the password'],
    ['UTF-32 text', 'list.txt', new Uint8Array([0xff, 0xfe, 0, 0, 0x38, 0, 0, 0]), 'unsupported_encoding', 'UTF-32'],
    [
      'HTML saved as .xls',
      'report.xls',
      new TextEncoder().encode('<html><body><table><tr><td>8901</td></tr></table></body></html>'),
      'html_as_excel',
      'web page with an Excel name',
    ],
    [
      'SpreadsheetML 2003',
      'list.xml',
      new TextEncoder().encode('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>'),
      'spreadsheetml',
      'Excel 2003 XML',
    ],
  ])('%s', async (_name, file, bytes, code, words) => {
    const r = await refusal(file, bytes);
    expect(r.code).toBe(code);
    expect(r.message).toContain(file);
    expect(r.message).toContain(words);
  });

  it('an OpenDocument spreadsheet', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const ods = zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': strToU8('<x/>') }, { level: 0 });
    const r = await refusal('list.ods', ods);
    expect(r).toMatchObject({ code: 'ods' });
    expect(r.message).toContain('OpenDocument spreadsheet');
  });

  it('an unclosed quote is reported on the line where it opens', async () => {
    const list = iccids(5);
    const text = ['ICCID,Note', `${list[0]},ok`, `${list[1]},"left open`, `${list[2]},x`, `${list[3]},y`, `${list[4]},z`].join('\n');
    const r = await refusal('open-quote.csv', new TextEncoder().encode(text));
    expect(r).toMatchObject({ code: 'unclosed_quote' });
    expect(r.message).toMatch(/^open-quote\.csv, line 3: a quote/);
  });

  it('ragged rows (fewer or more fields than the header) are read, with a finding where the ICCID is missing', async () => {
    const list = iccids(3);
    const view = await fromText(['Qty,ICCID,Note', `1,${list[0]}`, `2,${list[1]},a,b,c`, '3', `4,${list[2]},n`].join('\n'), 'ragged.csv');
    expect(view.rows.map((r) => r.iccid)).toEqual([list[0], list[1], null, list[2]]);
    expect(view.findings).toEqual([expect.objectContaining({ line: 4, code: 'missing' })]);
  });
});

describe('workbook sheets', () => {
  async function workbook(): Promise<{ bytes: Uint8Array; list: string[] }> {
    const list = iccids(3);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Instructions').addRow(['Fill in the ICCIDs on the Data sheet; do not change the header.']);
    const old = wb.addWorksheet('Old', { state: 'hidden' });
    old.addRow(['ICCID']);
    old.addRow([iccid()]);
    wb.addWorksheet('Blank');
    const data = wb.addWorksheet('Data');
    data.addRow(['ICCID']);
    for (const id of list) data.addRow([id]);
    return { bytes: new Uint8Array(await wb.xlsx.writeBuffer()), list };
  }

  it('skips hidden, blank and instruction sheets, says which sheet was read, and lists the others', async () => {
    const { bytes, list } = await workbook();
    const view = await service.fromFile('carton.xlsx', bytes);
    expect(view.sheet).toBe('Data');
    expect(view.sheets).toEqual(['Instructions', 'Data']);
    expect(view.rows.map((r) => r.iccid)).toEqual(list);
  });

  it('the operator can read another sheet; one without ICCIDs is refused with a reason', async () => {
    const { bytes } = await workbook();
    const view = await service.fromFile('carton.xlsx', bytes);
    await expect(service.setSheet(view.id, 'Instructions')).rejects.toMatchObject({ code: 'no_iccid_column' });
    await expect(service.setSheet(view.id, 'Nope')).rejects.toMatchObject({
      code: 'unknown_sheet',
      message: expect.stringContaining('"Instructions", "Data"'),
    });
    expect((await service.get(view.id)).sheet).toBe('Data');
    expect((await service.setSheet(view.id, 'Data')).sheet).toBe('Data');
  });
});
