import { afterAll, describe, expect, it } from 'vitest';
import { sheetHtml } from '../../main/labels/html';
import { layoutLabels } from '../../main/labels/layout';
import { labelsPdfBytes } from '../../main/labels/pdf-document';
import { chromiumPdfRenderer } from '../helpers/chromium-pdf';
import { BUILT_IN_STOCKS, type Calibration } from '../../main/labels/stocks';
import { luhnCheckDigit } from '../../main/import/iccid';
import { expectLabelsWhereTheStockSays } from '../helpers/pdf-labels';

// Both label outputs, from one layout: the PDF SimFleet writes (pdfkit) and the HTML the
// print dialog gets (printed to PDF by Chromium). Each is rasterised by pdftoppm, every QR
// cropped from its expected place and decoded by zbarimg, and its edges measured against the stock.
const renderer = chromiumPdfRenderer();
afterAll(() => renderer.close());

function data(n: number) {
  return Array.from({ length: n }, (_, i) => {
    const body = `8901260${String(4_000_000 + i).padStart(8, '0')}4242`;
    const iccid = body + luhnCheckDigit(body);
    return {
      iccid,
      number: `+1801555${String(1000 + i)}`,
      nid: `NID-${i.toString(16).padStart(8, '0')}-ef65-46c9-8c66`,
      lpa: `LPA:1$T-MOBILE.IDEMIA.IO$${i}ABCDE`,
    };
  });
}

async function check(stockId: string, count: number, qr: 'compact' | 'lpa' | 'iccid', calibration?: Calibration) {
  const stock = BUILT_IN_STOCKS.find((s) => s.id === stockId)!;
  const options = { qr, barcode: true, practice: true, dpi: 300 as const, ...(calibration ? { calibration } : {}) };
  const sheet = layoutLabels(stock, data(count), options);
  expectLabelsWhereTheStockSays(await labelsPdfBytes(stock, data(count), options), sheet, 0.2, `${stockId} (PDF)`);
  const printed = await renderer.render(sheetHtml(sheet), { widthMm: stock.pageWidthMm, heightMm: stock.pageHeightMm });
  expectLabelsWhereTheStockSays(printed, sheet, 0.2, `${stockId} (HTML for printing)`);
  return sheet;
}

describe('labels rendered to PDF: every QR decodes, every label lands where the stock says', () => {
  it('Avery 5160 over two pages (compact QR)', async () => {
    const sheet = await check('avery-5160', 33, 'compact');
    expect(sheet.pages).toBe(2);
  });

  it('Avery L7160 (LPA QR)', async () => {
    await check('avery-l7160', 21, 'lpa');
  });

  it('Avery 5163 (ICCID QR)', async () => {
    await check('avery-5163', 10, 'iccid');
  });

  it('thermal 2×1 and 4×6 rolls, one label per page', async () => {
    expect((await check('thermal-2x1', 3, 'compact')).pages).toBe(3);
    expect((await check('thermal-4x6', 2, 'lpa')).pages).toBe(2);
  });

  it('with calibration: offsets and scale move every label exactly', async () => {
    await check('avery-5160', 30, 'compact', { offsetXMm: 1.5, offsetYMm: -1, scale: 1.005 });
  });
});
