/**
 * Labels: laying out and rendering 1,000 labels (Avery 5160, QR + Code 128) to PDF,
 * and the per-label QR cost, beside the time Chromium alone takes to print the same
 * number of plain text pages, in this run.
 */
import QRCode from 'qrcode';
import { sheetHtml } from '../main/labels/html';
import { layoutLabels } from '../main/labels/layout';
import { chromiumPdfRenderer } from '../main/labels/pdf';
import { BUILT_IN_STOCKS } from '../main/labels/stocks';
import { luhnCheckDigit } from '../main/import/iccid';

export async function benchLabels(): Promise<void> {
  const N = 1000;
  const stock = BUILT_IN_STOCKS.find((s) => s.id === 'avery-5160')!;
  const data = Array.from({ length: N }, (_, i) => {
    const body = `8901260${String(i).padStart(8, '0')}8181`;
    return {
      iccid: body + luhnCheckDigit(body),
      number: `+1801${String(5_550_000 + i)}`,
      nid: `NID-${String(i).padStart(8, '0')}-ef65-46c9-8c66-96c98d42d9ca`,
      lpa: null,
    };
  });
  const pdf = chromiumPdfRenderer();
  try {
    // Warm up Chromium and the QR encoder.
    await pdf.render('<p>warm</p>', { widthMm: 100, heightMm: 100 });
    await QRCode.toString('warm', { type: 'svg' });

    const qrStart = performance.now();
    for (const d of data) await QRCode.toString(`${d.iccid}|${d.number}|${d.nid}`, { type: 'svg', margin: 4, errorCorrectionLevel: 'M' });
    const qrMs = performance.now() - qrStart;

    const layoutStart = performance.now();
    const sheet = await layoutLabels(stock, data, { qr: 'compact', barcode: true, practice: false, dpi: 300 });
    const layoutMs = performance.now() - layoutStart;
    const renderStart = performance.now();
    const bytes = await pdf.render(sheetHtml(sheet), { widthMm: stock.pageWidthMm, heightMm: stock.pageHeightMm });
    const renderMs = performance.now() - renderStart;

    const plain =
      '<!doctype html><html><head><style>@page { size: 215.9mm 279.4mm; margin: 0 } ' +
      '.p { width: 215.9mm; height: 279.4mm; page-break-after: always; font: 12pt sans-serif; padding: 20mm; box-sizing: border-box }</style></head><body>' +
      `${Array.from({ length: sheet.pages }, (_, i) => `<div class="p">Plain page ${i + 1}</div>`).join('')}</body></html>`;
    const plainStart = performance.now();
    await pdf.render(plain, { widthMm: stock.pageWidthMm, heightMm: stock.pageHeightMm });
    const plainMs = performance.now() - plainStart;

    console.log(`labels: ${N} labels on ${sheet.pages} Avery 5160 pages (QR + Code 128), PDF ${(bytes.length / 1024).toFixed(0)} KB`);
    console.log(
      `  layout (QR + barcode SVGs) ${layoutMs.toFixed(0)} ms = ${(layoutMs / N).toFixed(2)} ms per label; QR alone ${(qrMs / N).toFixed(2)} ms per label`,
    );
    console.log(`  Chromium print-to-PDF of the labels ${renderMs.toFixed(0)} ms; of ${sheet.pages} plain pages ${plainMs.toFixed(0)} ms`);
    console.log(`  ratio labels total / plain pages = ${((layoutMs + renderMs) / plainMs).toFixed(1)}`);
  } finally {
    await pdf.close();
  }
}
