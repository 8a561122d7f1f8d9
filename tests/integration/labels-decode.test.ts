/**
 * Every symbol decodes (docs/printing.md, "Symbols that scan"): every QR content on every
 * built-in stock, as PDF laid out for 203 and 300 dpi printers and rasterised at that
 * resolution (the densest symbol also without antialiasing); as ZPL rendered by a ZPL renderer
 * (zpl-renderer-js); and as the PNG and SVG QR images. At 600 dpi, where a module has twice
 * the dots it has at 300, the densest content (its modules the fewest dots wide) is decoded
 * both ways and every content's layout is checked. Every symbol of every page is cropped as
 * a scanner sees one label and decoded by zbarimg, and its quiet zone checked white.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { getApi } from 'zpl-renderer-js';
import type { PrinterDpi } from '../../preload/printer-resolution';
import { luhnCheckDigit } from '../../main/import/iccid';
import { qrText, type QrContent } from '../../main/labels/content';
import { qrImagesZip } from '../../main/labels/images-zip';
import { layoutLabels, type PlacedLabel } from '../../main/labels/layout';
import { labelsPdfBytes } from '../../main/labels/pdf-document';
import { DIE_CUT_MARGIN_MM, dotGrid, toDots } from '../../main/labels/print-geometry';
import { BUILT_IN_STOCKS, type LabelStock } from '../../main/labels/stocks';
import { labelFormats, ZPL_QR_DROP_DOTS } from '../../main/labels/zpl';
import { CODE128_QUIET_ZONE, decodeEach, expectLabelsWhereTheStockSays, QR_QUIET_ZONE, rasterise, writePgm, type Gray } from '../helpers/pdf-labels';

const CONTENTS: readonly QrContent[] = ['iccid', 'number', 'compact', 'lpa'];
const DPIS: readonly PrinterDpi[] = [203, 300, 600];
/**
 * Stock, resolution and ICCID length where the Code 128 and its quiet zones (165 modules for
 * 20 digits, 176 for 19) do not fit beside the QR code at the narrowest bar a scanner reads.
 */
const NO_ROOM_FOR_CODE128 = new Set([
  'avery-5160@203@19',
  'avery-l7160@203@19',
  'avery-l7160@203@20',
  ...['203', '300', '600'].flatMap((dpi) => [`thermal-2x1@${dpi}@19`, `thermal-2x1@${dpi}@20`]),
]);

/** A full page of each stock (two labels of a roll), every SIM different, 20- and 19-digit ICCIDs in turn (or 20 only). */
function sims(stock: LabelStock, digits: 'mixed' | 20 = 'mixed') {
  const count = stock.kind === 'roll' ? 2 : stock.columns * stock.rows;
  return Array.from({ length: count }, (_, i) => {
    const body = `8901260${String(4_000_000 + i * 7).padStart(8, '0')}${i % 2 === 0 || digits === 20 ? '4242' : '424'}`;
    return {
      iccid: body + luhnCheckDigit(body),
      number: `+1801555${String(1000 + i)}`,
      nid: `NID-${i.toString(16).padStart(8, '0')}-ef65-46c9-8c66-96c98d42d9ca`,
      lpa: `LPA:1$T-MOBILE.IDEMIA.IO$${(i * 104729).toString(16).toUpperCase().padStart(24, 'A')}`,
    };
  });
}

/** The QR content whose modules are the fewest dots wide on this stock at this resolution: the hardest to read. */
function densestContent(stock: LabelStock, data: ReturnType<typeof sims>, dpi: PrinterDpi, zebra = false): QrContent {
  const dots = (qr: QrContent) => Math.min(...layoutLabels(stock, data, { qr, barcode: true, practice: true, dpi, zebra }).labels.map((l) => l.qrDots));
  return CONTENTS.reduce((a, b) => (dots(b) < dots(a) ? b : a));
}

/** The model keeps every quiet zone inside the die-cut, clear of the label's other symbol. */
function expectQuietZonesInside(label: PlacedLabel, what: string): void {
  const inside = (x0: number, x1: number, limit: number) => x0 >= DIE_CUT_MARGIN_MM - 1e-6 && x1 <= limit - DIE_CUT_MARGIN_MM + 1e-6;
  expect(inside(label.qr.xMm, label.qr.xMm + label.qr.widthMm, label.widthMm), `${what}: QR quiet zone inside the die-cut`).toBe(true);
  expect(inside(label.qr.yMm, label.qr.yMm + label.qr.heightMm, label.heightMm), `${what}: QR quiet zone inside the die-cut`).toBe(true);
  if (!label.barcode) return;
  const white = (label.barcode.widthMm / label.barcodeSymbol!.width) * CODE128_QUIET_ZONE;
  const left = label.barcode.xMm - white;
  const right = label.barcode.xMm + label.barcode.widthMm + white;
  expect(inside(left, right, label.widthMm), `${what}: Code 128 quiet zones inside the die-cut`).toBe(true);
  // Beside the QR code, the bars' white starts after the QR code's box (its own white).
  const besideQr = label.barcode.yMm < label.qr.yMm + label.qr.heightMm;
  if (besideQr) expect(left, `${what}: Code 128 quiet zone clear of the QR code`).toBeGreaterThanOrEqual(label.qr.xMm + label.qr.widthMm - 1e-6);
}

describe.each(BUILT_IN_STOCKS.map((s) => [s.id, s] as const))('%s: every symbol of the PDF decodes', (_id, stock) => {
  it.each(DPIS)(
    'laid out for and rasterised at %i dpi, with and without antialiasing, every QR content (at 600 dpi the densest)',
    async (dpi) => {
      const data = sims(stock);
      // Without antialiasing each module edge falls wholly on one dot or the next: the hardest
      // case is the symbol whose modules are the fewest dots wide. It is read both
      // ways; the other contents antialiased, as a PDF viewer or a driver renders them.
      const densest = densestContent(stock, data, dpi);
      for (const qr of CONTENTS) {
        const options = { qr, barcode: true, practice: true, dpi };
        const sheet = layoutLabels(stock, data, options);
        // Where the Code 128 and its quiet zones have no room at the narrowest bar a scanner reads, it is said, naming the stock, and left off.
        const noRoom = (iccid: string) => NO_ROOM_FOR_CODE128.has(`${stock.id}@${dpi}@${iccid.length}`);
        expect(sheet.labels.map((l) => [l.iccid, l.barcode === null])).toEqual(data.map((d) => [d.iccid, noRoom(d.iccid)]));
        expect(sheet.warnings, `${stock.id} ${qr} at ${dpi} dpi`).toEqual(
          data.some((d) => noRoom(d.iccid))
            ? [
                `On ${stock.name}, there is no room at ${dpi} dpi for the Code 128 barcode with the blank margins scanners need, so it is left off: ` +
                  'the QR code still carries the ICCID. For a barcode, choose a wider stock or a higher-resolution printer.',
              ]
            : [],
        );
        for (const [i, label] of sheet.labels.entries()) expectQuietZonesInside(label, `${stock.id} ${qr} ${dpi} dpi label ${i}`);
        // At 600 dpi every module is twice the dots it is at 300: the densest symbol, read both ways, stands for the rest.
        if (dpi === 600 && qr !== densest) continue;
        const pdf = await labelsPdfBytes(stock, data, options);
        for (const antialias of qr === densest ? [true, false] : [true]) {
          expectLabelsWhereTheStockSays(pdf, sheet, 0.2, `${stock.id} ${qr} ${dpi} dpi${antialias ? '' : ' no antialiasing'}`, { dpi, antialias });
        }
      }
    },
    120_000,
  );
});

/** A rendered label's pixels as a grayscale image. */
function grayOf(png: Buffer): Gray {
  const image = PNG.sync.read(png);
  const pixels = new Uint8Array(image.width * image.height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = image.data[i * 4]!;
  return { width: image.width, height: image.height, pixels };
}

/** The bounding box (dots) of the dark pixels in a region. */
function darkBox(image: Gray, x0: number, y0: number, x1: number, y1: number) {
  const box = { x0: Infinity, y0: Infinity, x1: -1, y1: -1 };
  for (let y = Math.max(0, y0); y < Math.min(image.height, y1); y++) {
    for (let x = Math.max(0, x0); x < Math.min(image.width, x1); x++) {
      if (image.pixels[y * image.width + x]! >= 128) continue;
      box.x0 = Math.min(box.x0, x);
      box.y0 = Math.min(box.y0, y);
      box.x1 = Math.max(box.x1, x + 1);
      box.y1 = Math.max(box.y1, y + 1);
    }
  }
  return box;
}

describe('ZPL rendered by a ZPL renderer: every symbol decodes, in its place, with its quiet zone', () => {
  const rolls = BUILT_IN_STOCKS.filter((s) => s.kind === 'roll');
  it.each(DPIS)(
    'every roll stock and QR content at %i dpi (at 600 dpi the densest)',
    async (dpi) => {
      const api = await getApi();
      // The renderer works in dots; dots per millimetre only sizes its canvas, and must be whole
      // (a Zebra's head has 8, 12 or 24: its "300 dpi" is 304.8).
      const dpmm = { 203: 8, 300: 12, 600: 24 }[dpi];
      const grid = dotGrid(dpi, true);
      const dir = mkdtempSync(join(tmpdir(), 'simfleet-zpl-'));
      const files: Array<{ file: string; label: PlacedLabel; what: string }> = [];
      for (const stock of rolls) {
        const data = sims(stock);
        // At 600 dpi the densest symbol stands for the rest, as in the PDF test above.
        for (const qr of dpi === 600 ? [densestContent(stock, data, dpi, true)] : CONTENTS) {
          const options = { qr, barcode: true, practice: true, dpi };
          const { formats } = labelFormats(stock, data, options);
          const sheet = layoutLabels(stock, data, { ...options, zebra: true });
          for (const [i, zpl] of formats.entries()) {
            const label = sheet.labels[i]!;
            const what = `${stock.id} ${qr} ${dpi} dpi label ${i}`;
            const width = toDots(label.widthMm, grid);
            const height = toDots(label.heightMm, grid);
            const image = grayOf(Buffer.from(await api.zplToBase64Async(zpl, width / dpmm, height / dpmm, dpmm), 'base64'));
            // The QR code where the layout put it: ^BQ draws no quiet zone, so the box's white border is the label's.
            const quiet = QR_QUIET_ZONE * label.qrDots;
            const qrBox = { x: toDots(label.qr.xMm, grid), y: toDots(label.qr.yMm, grid), size: toDots(label.qr.widthMm, grid) };
            const qrDark = darkBox(image, qrBox.x, qrBox.y, qrBox.x + qrBox.size, qrBox.y + qrBox.size);
            expect(qrDark.x0 - qrBox.x, `${what}: QR left quiet zone (dots)`).toBeGreaterThanOrEqual(quiet);
            expect(qrDark.y0 - qrBox.y, `${what}: QR top quiet zone (dots), ^BQ ${ZPL_QR_DROP_DOTS} dots below ^FO`).toBeGreaterThanOrEqual(quiet);
            expect(qrBox.x + qrBox.size - qrDark.x1, `${what}: QR right quiet zone (dots)`).toBeGreaterThanOrEqual(quiet);
            expect(qrBox.y + qrBox.size - qrDark.y1, `${what}: QR bottom quiet zone (dots)`).toBeGreaterThanOrEqual(quiet);
            // The printer made the layout's version: the symbol is exactly as wide as the layout's, module for module.
            expect(qrDark.x1 - qrDark.x0, `${what}: QR as wide as the layout's`).toBe((label.qrSymbol.width - 2 * QR_QUIET_ZONE) * label.qrDots);
            if (label.barcode) {
              const white = CODE128_QUIET_ZONE * label.barcodeDots;
              const x = toDots(label.barcode.xMm, grid);
              const y = toDots(label.barcode.yMm, grid);
              const bars = darkBox(image, x - white, y, x + toDots(label.barcode.widthMm, grid) + white, y + toDots(label.barcode.heightMm, grid));
              expect(bars.x0, `${what}: Code 128 starts where the layout says`).toBe(x);
              expect(bars.x1 - bars.x0, `${what}: Code 128 as wide as the layout says`).toBe(label.barcodeSymbol!.width * label.barcodeDots);
              expect(bars.x1 + white, `${what}: Code 128 right quiet zone inside the label`).toBeLessThanOrEqual(width);
            }
            const file = join(dir, `${stock.id}-${qr}-${i}.pgm`);
            writePgm(file, image);
            files.push({ file, label, what });
          }
        }
      }
      const decoded = decodeEach(files.map((f) => f.file));
      for (const { file, label, what } of files) {
        const want = [{ type: 'QR-Code', text: label.qrText }, ...(label.barcode ? [{ type: 'CODE-128', text: label.iccid }] : [])];
        expect(
          [...decoded.get(file)!].sort((a, b) => a.type.localeCompare(b.type)),
          what,
        ).toEqual(want.sort((a, b) => a.type.localeCompare(b.type)));
      }
    },
    120_000,
  );
});

describe('QR images (PNG and SVG ZIP): every image decodes to its SIM’s content', () => {
  it.each(['png', 'svg'] as const)(
    '%s, every QR content',
    async (format) => {
      const data = sims(BUILT_IN_STOCKS[0]!).slice(0, 12);
      const dir = mkdtempSync(join(tmpdir(), 'simfleet-images-'));
      const files: Array<{ file: string; text: string }> = [];
      for (const qr of CONTENTS) {
        const zip = unzipSync(await qrImagesZip(data, { format, qr, practice: true }));
        for (const d of data) {
          // Practice images say so in their names: a customer printing their own labels sees it.
          const bytes = zip[`PRACTICE-${d.iccid}.${format}`]!;
          const file = join(dir, `${qr}-${d.iccid}.png`);
          if (format === 'png') writeFileSync(file, bytes);
          else execFileSync('rsvg-convert', ['--width', '400', '--height', '400', '--background-color', 'white', '-o', file], { input: bytes });
          files.push({ file, text: qrText(d, qr) });
        }
      }
      const decoded = decodeEach(files.map((f) => f.file));
      for (const { file, text } of files) expect(decoded.get(file), file).toEqual([{ type: 'QR-Code', text }]);
    },
    60_000,
  );
});

describe('a whole sheet read at once (as a reviewer decoded whole pages)', () => {
  // The short contents were version 1 codes, and read off a whole Avery 5160 page a third of
  // them did not decode (20 of 30 at 300 dpi): every QR code is now at least version 2.
  // zbarimg's search of a whole page is not how a scanner reads one label (the tests above
  // are); at 203 dpi it still misses about 1 in 30 short codes that decode on their own.
  it.each(['iccid', 'number'] as const)(
    'every %s QR code of an Avery 5160 page decodes in one read at 300 dpi',
    async (qr) => {
      const stock = BUILT_IN_STOCKS.find((s) => s.id === 'avery-5160')!;
      // 20-digit ICCIDs, as on the sheet the reviewer measured.
      const data = sims(stock, 20);
      // 300 dpi, where the reviewer read them; at 600 each symbol of a page is read on its own above.
      const dpi = 300;
      const { dir, pages } = rasterise(await labelsPdfBytes(stock, data, { qr, barcode: true, practice: true, dpi }), dpi);
      const file = join(dir, 'page.pgm');
      writePgm(file, pages[0]!);
      const read = (decodeEach([file]).get(file) ?? []).filter((s) => s.type === 'QR-Code').map((s) => s.text);
      expect(read.sort(), `${qr} at ${dpi} dpi`).toEqual(data.map((d) => qrText(d, qr)).sort());
    },
    60_000,
  );
});
