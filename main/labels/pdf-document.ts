/**
 * Label sheets and calibration sheets written as PDF directly (pdfkit) from the layout
 * model, page by page: no browser, and a 10,000-label file streams out while it is
 * written (docs/printing.md, "Fast labels"). The HTML used for the print dialog and the
 * preview draw from the same model, so every output has one geometry.
 */
import PDFDocument from 'pdfkit';
import type { LabelData } from './content';
import { layoutPage, LINE_HEIGHT, type LabelOptions, type PlacedLabel } from './layout';
import { pagesFor, type LabelStock } from './stocks';
import type { SymbolGeometry } from './symbols';

const PT = 72 / 25.4;

/** Where the PDF's bytes go as they are made, and how far it is. */
export interface PdfSink {
  chunk(bytes: Uint8Array): void;
  page(done: number, total: number): void;
}

function newDocument(sink: Pick<PdfSink, 'chunk'>, title: string): { doc: PDFKit.PDFDocument; done: Promise<void> } {
  // No first page: each page is added at the stock's size. Fixed dates keep the output reproducible.
  const doc = new PDFDocument({ autoFirstPage: false, margin: 0, compress: true, info: { Title: title, Producer: 'SimFleet', CreationDate: new Date(0) } });
  const done = new Promise<void>((resolve, reject) => {
    doc.on('data', (bytes: Uint8Array) => sink.chunk(bytes));
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  return { doc, done };
}

/** Each symbol's rectangles as PDF path operators in module units, made once per symbol. */
const symbolOps = new WeakMap<SymbolGeometry, string>();

function opsOf(symbol: SymbolGeometry): string {
  let ops = symbolOps.get(symbol);
  if (ops === undefined) {
    const r = symbol.rects;
    const parts: string[] = [];
    for (let i = 0; i < r.length; i += 4) parts.push(`${r[i]} ${r[i + 1]} ${r[i + 2]} ${r[i + 3]} re`);
    ops = parts.join('\n');
    symbolOps.set(symbol, ops);
  }
  return ops;
}

/**
 * One symbol as one filled path, scaled from modules to its box. Written as a single
 * block of operators: pdfkit's per-rectangle calls cost more than the whole rest of a page.
 */
function drawSymbol(doc: PDFKit.PDFDocument, symbol: SymbolGeometry, xMm: number, yMm: number, widthMm: number, heightMm: number): void {
  doc.save();
  doc.translate(xMm * PT, yMm * PT).scale((widthMm * PT) / symbol.width, (heightMm * PT) / symbol.height);
  doc.addContent(opsOf(symbol));
  // The fill colour was set once for the whole label (drawLabel).
  doc.fill();
  doc.restore();
}

const fontOf = (line: PlacedLabel['lines'][number]): string =>
  line.mono ? (line.bold ? 'Courier-Bold' : 'Courier') : line.bold ? 'Helvetica-Bold' : 'Helvetica';

/**
 * Baseline of a line within its box, in em: lines are LINE_HEIGHT em apart (as in the HTML), and the
 * sans-serif glyphs sit about 0.92 em below the top of that box.
 */
const BASELINE = 0.92;

function drawLabel(doc: PDFKit.PDFDocument, label: PlacedLabel): void {
  doc.save();
  doc.translate(label.xMm * PT, label.yMm * PT);
  // Nothing leaves the label, as in the HTML (overflow: hidden).
  doc.rect(0, 0, label.widthMm * PT, label.heightMm * PT).clip();
  doc.fillColor('#000');
  drawSymbol(doc, label.qrSymbol, label.qr.xMm, label.qr.yMm, label.qr.widthMm, label.qr.heightMm);
  if (label.barcodeSymbol && label.barcode) {
    drawSymbol(doc, label.barcodeSymbol, label.barcode.xMm, label.barcode.yMm, label.barcode.widthMm, label.barcode.heightMm);
  }
  let top = label.text.yMm;
  for (const line of label.lines) {
    doc
      .font(fontOf(line))
      .fontSize(line.sizeMm * PT)
      .text(line.text, label.text.xMm * PT, (top + line.sizeMm * BASELINE) * PT, { lineBreak: false, baseline: 'alphabetic' });
    top += line.sizeMm * LINE_HEIGHT;
  }
  doc.restore();
}

function drawPracticeMark(doc: PDFKit.PDFDocument, stock: LabelStock): void {
  const size = 28 * PT;
  doc.save();
  doc.font('Helvetica-Bold').fontSize(size).fillColor('#c89600').fillOpacity(0.13);
  const width = doc.widthOfString('PRACTICE');
  doc.rotate(-30, { origin: [(stock.pageWidthMm * PT) / 2, (stock.pageHeightMm * PT) / 2] });
  doc.text('PRACTICE', (stock.pageWidthMm * PT - width) / 2, (stock.pageHeightMm * PT) / 2 + size * 0.35, { lineBreak: false, baseline: 'alphabetic' });
  doc.restore();
}

/** Writes the labels' PDF page by page into the sink; resolves when the last byte is out. */
export async function writeLabelsPdf(
  stock: LabelStock,
  data: readonly LabelData[],
  options: LabelOptions,
  sink: PdfSink,
  title = 'SimFleet labels',
): Promise<{ readonly pages: number; readonly warnings: readonly string[] }> {
  const { doc, done } = newDocument(sink, title);
  const pages = pagesFor(stock, data.length, options.skip ?? 0);
  const warnings = new Set<string>();
  for (let page = 0; page < pages; page++) {
    const sheet = layoutPage(stock, data, options, page);
    sheet.warnings.forEach((w) => warnings.add(w));
    doc.addPage({ size: [stock.pageWidthMm * PT, stock.pageHeightMm * PT], margin: 0 });
    if (options.practice) drawPracticeMark(doc, stock);
    for (const label of sheet.labels) drawLabel(doc, label);
    // pdfkit writes a page out when the next one starts, and emits its bytes on a later
    // tick: let them go to the sink now, so a large file streams instead of piling up.
    await new Promise<void>((resolve) => setImmediate(resolve));
    sink.page(page + 1, pages);
  }
  doc.end();
  await done;
  return { pages, warnings: [...warnings] };
}

/** The whole PDF in memory, for small jobs and tests. */
export async function labelsPdfBytes(stock: LabelStock, data: readonly LabelData[], options: LabelOptions, title?: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  await writeLabelsPdf(stock, data, options, { chunk: (c) => chunks.push(c), page: () => undefined }, title);
  return Buffer.concat(chunks);
}

/** A page with millimetre rulers along the top and left edge and every label's outline, to print and measure. */
export async function calibrationPdf(s: LabelStock): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const { doc, done } = newDocument({ chunk: (c) => chunks.push(c) }, `SimFleet calibration sheet: ${s.name}`);
  doc.addPage({ size: [s.pageWidthMm * PT, s.pageHeightMm * PT], margin: 0 });
  doc
    .font('Helvetica')
    .fontSize(2.5 * PT)
    .fillColor('#000');
  const tick = (mmAt: number): number => (mmAt % 10 === 0 ? 6 : mmAt % 5 === 0 ? 4 : 2);
  for (let x = 0; x <= s.pageWidthMm; x += 1) {
    doc.rect(x * PT, 0, 0.15 * PT, tick(x) * PT);
    if (x % 10 === 0 && x > 0) doc.text(String(x), (x + 0.5) * PT, 6 * PT, { lineBreak: false });
  }
  for (let y = 0; y <= s.pageHeightMm; y += 1) {
    doc.rect(0, y * PT, tick(y) * PT, 0.15 * PT);
    if (y % 10 === 0 && y > 0) doc.text(String(y), 7 * PT, (y - 1.5) * PT, { lineBreak: false });
  }
  doc.fill('#000');
  doc.lineWidth(0.2 * PT);
  for (let k = 0; k < s.columns * s.rows; k++) {
    const left = s.marginLeftMm + (k % s.columns) * (s.labelWidthMm + s.gapXMm);
    const top = s.marginTopMm + Math.floor(k / s.columns) * (s.labelHeightMm + s.gapYMm);
    // The outline's stroke lies inside the label, as the HTML's border-box did.
    doc.rect((left + 0.1) * PT, (top + 0.1) * PT, (s.labelWidthMm - 0.2) * PT, (s.labelHeightMm - 0.2) * PT).stroke('#000');
  }
  doc
    .fontSize(3 * PT)
    .text(
      `SimFleet calibration sheet: ${s.name}. Print at 100% (actual size). Measure where the outlines land against the labels and the ` +
        'rulers, then enter the offset (mm) and scale in Labels > Calibration.',
      20 * PT,
      20 * PT,
      { width: 120 * PT },
    );
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
