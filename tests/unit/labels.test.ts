import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { checkQrContent, nationalFormat, qrText } from '../../main/labels/content';
import { mappingCsvExport, mappingXlsxExport, type MappingRow } from '../../main/export/mapping-export';
import { layoutLabels } from '../../main/labels/layout';
import { BUILT_IN_STOCKS, slots, stockProblems } from '../../main/labels/stocks';
import { labelsZpl } from '../../main/labels/zpl';

const stock = (id: string) => BUILT_IN_STOCKS.find((s) => s.id === id)!;
const IN = 25.4;

describe('label stock geometry', () => {
  it('fits every built-in stock on its page', () => {
    for (const s of BUILT_IN_STOCKS) expect(stockProblems(s), s.id).toEqual([]);
  });

  it.each([
    // stock, label index, expected x, y (mm) from the manufacturers' templates
    ['avery-5160', 0, 0.1875 * IN, 0.5 * IN],
    ['avery-5160', 29, 0.1875 * IN + 2 * 2.75 * IN, 0.5 * IN + 9 * IN],
    ['avery-l7160', 20, 7.25 + 2 * 66, 15.15 + 6 * 38.1],
    ['avery-5163', 9, 0.15625 * IN + 4.1875 * IN, 0.5 * IN + 4 * 2 * IN],
    ['thermal-4x6', 0, 0, 0],
  ] as const)('%s label %i sits within 0.2 mm of the template', (id, index, x, y) => {
    const s = stock(id);
    const slot = slots(s, index + 1)[index]!;
    expect(Math.abs(slot.xMm - x)).toBeLessThan(0.2);
    expect(Math.abs(slot.yMm - y)).toBeLessThan(0.2);
    expect(slot.page).toBe(0);
  });

  it('applies calibration (offset and scale) to every position, without accumulating error', () => {
    const s = stock('avery-5160');
    const calibrated = slots(s, 30, { offsetXMm: 1.5, offsetYMm: -0.8, scale: 1.01 });
    const plain = slots(s, 30);
    for (const [i, slot] of calibrated.entries()) {
      expect(Math.abs(slot.xMm - (plain[i]!.xMm * 1.01 + 1.5))).toBeLessThan(1e-9);
      expect(Math.abs(slot.yMm - (plain[i]!.yMm * 1.01 - 0.8))).toBeLessThan(1e-9);
      expect(Math.abs(slot.widthMm - s.labelWidthMm * 1.01)).toBeLessThan(1e-9);
    }
  });

  it('moves on to the next page, and can skip used labels on the first sheet', () => {
    const s = stock('avery-5163');
    const placed = slots(s, 12, undefined, 3);
    expect(placed[0]).toMatchObject({ page: 0 });
    expect(placed[7]!.page).toBe(1);
    expect(Math.abs(placed[7]!.yMm - 0.5 * IN)).toBeLessThan(1e-9);
  });
});

describe('label content', () => {
  const d = { iccid: '89012605260181590835', number: '+18016025346', nid: 'NID-8bdf', lpa: 'LPA:1$T-MOBILE.IDEMIA.IO$LX9G1' };
  it('encodes the chosen QR content', () => {
    expect(qrText(d, 'iccid')).toBe('89012605260181590835');
    expect(qrText(d, 'number')).toBe('+18016025346');
    expect(qrText(d, 'compact')).toBe('89012605260181590835|+18016025346|NID-8bdf');
    expect(qrText(d, 'lpa')).toBe('LPA:1$T-MOBILE.IDEMIA.IO$LX9G1');
    // Never the ICCID in place of a missing LPA: such labels are refused before they are made.
    expect(() => checkQrContent([d, { ...d, iccid: '89012600166131860910', lpa: null }], 'lpa')).toThrow(
      '1 of 2 SIM(s) have no eSIM activation code (LPA) (89012600166131860910)',
    );
    expect(() => checkQrContent([{ ...d, lpa: null }], 'compact')).not.toThrow();
  });

  it('formats NANP numbers nationally', () => {
    expect(nationalFormat('+18016025346')).toBe('(801) 602-5346');
    expect(nationalFormat('+447700900123')).toBe('+447700900123');
  });

  it('warns, naming the stock, when a QR module would be under 3 printer dots', async () => {
    const tiny = { ...stock('thermal-2x1'), id: 'tiny-x', name: 'Tiny test roll', labelWidthMm: 10, labelHeightMm: 6, pageWidthMm: 10, pageHeightMm: 6 };
    const sheet = await layoutLabels(tiny, [d], { qr: 'compact', barcode: false, practice: false, dpi: 203 });
    expect(sheet.warnings.join(' ')).toMatch(
      /^On Tiny test roll, the QR code would print too small to scan reliably at 203 dpi \(its squares 1 printer dot\(s\) wide, at least 3 are needed/,
    );
    const big = await layoutLabels(stock('avery-5163'), [d], { qr: 'iccid', barcode: true, practice: true, dpi: 300 });
    expect(big.warnings).toEqual([]);
    expect(big.labels[0]!.lines.map((l) => l.text)).toEqual(['(801) 602-5346', '8901 2605 2601 8159 0835', 'NID-8bdf', 'PRACTICE · NOT ACTIVE']);
  });
});

describe('ZPL', () => {
  const data = [
    { iccid: '89012605260181590835', number: '+18016025346', nid: 'NID-8bdf915a', lpa: null },
    { iccid: '89012600166131860910', number: '+18016025347', nid: 'NID-1c2d3e4f', lpa: null },
  ];
  it.each([203, 300, 600] as const)('matches the golden file at %i dpi', (dpi) => {
    const zpl = labelsZpl(stock('thermal-2x1'), data, { dpi, qr: 'compact', practice: false, barcode: false });
    expect(zpl).toBe(readFileSync(`tests/fixtures/golden/thermal-2x1-${dpi}.zpl`, 'utf8'));
  });

  it('has one ^XA…^XZ label per SIM, sized in dots, with a native QR', () => {
    const zpl = labelsZpl(stock('thermal-4x6'), data, { dpi: 203, qr: 'iccid', practice: true, barcode: true });
    expect(zpl.match(/\^XA/g)).toHaveLength(2);
    expect(zpl.match(/\^XZ/g)).toHaveLength(2);
    // A Zebra's 203 dpi head has 8 dots a millimetre: 101.6 × 152.4 mm.
    expect(zpl).toContain('^PW813');
    expect(zpl).toContain('^LL1219');
    // The ICCID alone is version 2 at error correction H (symbols.ts), asked of the printer in ^BQ and ^FD.
    expect(zpl).toMatch(/\^BQN,2,\d+,H\^FH_\^FDHM,N89012605260181590835\^FS/);
    // The Code 128 of the same ICCID, the printer choosing its subsets (mode A).
    expect(zpl).toMatch(/\^BY\d+,3,\d+\^FO\d+,\d+\^BCN,\d+,N,N,N,A\^FD89012605260181590835\^FS/);
    expect(zpl).toContain('^FDPRACTICE - NOT ACTIVE^FS');
  });

  it('is refused for sheet stocks, with the words the Labels screen uses', () => {
    expect(() => labelsZpl(stock('avery-5160'), data, { dpi: 300, qr: 'iccid', practice: false, barcode: false })).toThrow(
      /ZPL is for label printers that print one label at a time off a roll, and Avery 5160 .* is a sheet/,
    );
  });

  it('strips ZPL control characters from field data', () => {
    const zpl = labelsZpl(stock('thermal-2x1'), [{ iccid: '89012605260181590835', number: null, nid: 'NID-^XZ~JA', lpa: null }], {
      dpi: 203,
      qr: 'compact',
      practice: false,
      barcode: false,
    });
    expect(zpl).not.toContain('NID-^XZ');
    // The text line drops them; the QR code keeps every byte, escaped under ^FH.
    expect(zpl).toContain('^FDNID-XZJA^FS');
    expect(zpl).toContain('|NID-_5EXZ_7EJA^FS');
  });
});

describe('mapping export round trip', () => {
  const rows: MappingRow[] = [
    {
      iccid: '89012605260181590835',
      number: '+18016025346',
      nid: 'NID-1',
      orderId: 'JNUOID-1',
      orderStatus: 'Complete',
      subscriberId: '=HYPERLINK("http://x","click")',
      zipCode: '00601',
      lpa: 'LPA:1$T-MOBILE.IDEMIA.IO$ABC-123',
      provisionedAt: '2026-11-29T10:00:00.000Z',
      state: 'provisioned',
      message: '',
    },
    {
      iccid: '8901260114402426462',
      number: null,
      nid: null,
      orderId: null,
      orderStatus: null,
      subscriberId: null,
      zipCode: null,
      lpa: null,
      provisionedAt: null,
      state: 'failed',
      message: '@SUM(1,2) Telegent said: "Invalid AccountId"',
    },
  ];

  it('CSV: every ICCID digit, the + and leading zeros kept as Excel text (="…"), formula cells neutralised, practice marked', () => {
    const csv = mappingCsvExport(rows, 'Acme 1', 'practice');
    const back = parse(csv, { columns: true }) as Array<Record<string, string>>;
    expect(back.map((r) => r['ICCID'])).toEqual(['="89012605260181590835"', '="8901260114402426462"']);
    expect(back[0]!['PhoneNumber']).toBe('="+18016025346"');
    expect(back[0]!['SubscriberId']).toBe(`'=HYPERLINK("http://x","click")`);
    expect(back[0]!['ZipCode']).toBe('="00601"');
    expect(back.map((r) => r['Lpa'])).toEqual(['LPA:1$T-MOBILE.IDEMIA.IO$ABC-123', '']);
    expect(back[1]!['Message']).toBe(`'@SUM(1,2) Telegent said: "Invalid AccountId"`);
    expect(back.every((r) => r['Environment'] === 'PRACTICE')).toBe(true);
  });

  it('XLSX: text-typed cells that a real reader gets back digit for digit, never as formulas', async () => {
    const bytes = await mappingXlsxExport(rows, 'Acme 1', 'production');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.name).toBe('Mapping');
    expect(sheet.getCell('A2').value).toBe('89012605260181590835');
    expect(sheet.getCell('A2').numFmt).toBe('@');
    expect(sheet.getCell('B2').value).toBe('+18016025346');
    expect(sheet.getCell('D1').value).toBe('Lpa');
    expect(sheet.getCell('D2').value).toBe('LPA:1$T-MOBILE.IDEMIA.IO$ABC-123');
    expect(sheet.getCell('G2').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('H2').value).toBe('00601');
    expect(sheet.getCell('A3').value).toBe('8901260114402426462');
    expect(sheet.getCell('M2').value).toBe('PRODUCTION');
  });
});
