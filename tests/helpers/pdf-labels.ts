/**
 * Reading printed labels back: a PDF rasterised by pdftoppm (300 dpi, grayscale PGM parsed
 * here), a region cropped to its own image with the bounding box of its dark pixels, and
 * zbarimg to decode a QR code. Used by every test that checks where labels land.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { QR_QUIET_ZONE } from '../../main/labels/content';
import { qrGeometry } from '../../main/labels/symbols';
import type { LabelSheet } from '../../main/labels/layout';

export const DPI = 300;
const PX_PER_MM = DPI / 25.4;

export interface Gray {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

/** Rasterises a PDF to 8-bit grayscale pages (PGM, parsed here: no image library needed). */
export function rasterise(pdf: Buffer): { dir: string; pages: Gray[] } {
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-pdf-'));
  writeFileSync(join(dir, 'labels.pdf'), pdf);
  execFileSync('pdftoppm', ['-r', String(DPI), '-gray', join(dir, 'labels.pdf'), join(dir, 'page')]);
  const pages = readdirSync(dir)
    .filter((f) => f.endsWith('.pgm'))
    .sort()
    .map((f) => {
      const bytes = readFileSync(join(dir, f));
      const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 40).toString('latin1'))!;
      return { width: Number(header[1]), height: Number(header[2]), pixels: bytes.subarray(header[0].length) };
    });
  return { dir, pages };
}

/** Crops a region (mm) to its own PGM with a white margin, and returns the bounding box (mm) of its dark pixels. */
export function crop(
  page: Gray,
  dir: string,
  name: string,
  box: { x: number; y: number; w: number; h: number },
): { file: string; dark: { x0: number; y0: number; x1: number; y1: number } } {
  const x0 = Math.max(0, Math.floor(box.x * PX_PER_MM));
  const y0 = Math.max(0, Math.floor(box.y * PX_PER_MM));
  const x1 = Math.min(page.width, Math.ceil((box.x + box.w) * PX_PER_MM));
  const y1 = Math.min(page.height, Math.ceil((box.y + box.h) * PX_PER_MM));
  const margin = 40;
  const w = x1 - x0 + 2 * margin;
  const h = y1 - y0 + 2 * margin;
  const out = new Uint8Array(w * h).fill(255);
  let dx0 = Infinity,
    dy0 = Infinity,
    dx1 = -1,
    dy1 = -1;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const v = page.pixels[y * page.width + x]!;
      out[(y - y0 + margin) * w + (x - x0 + margin)] = v;
      if (v < 128) {
        dx0 = Math.min(dx0, x);
        dy0 = Math.min(dy0, y);
        dx1 = Math.max(dx1, x + 1);
        dy1 = Math.max(dy1, y + 1);
      }
    }
  }
  const file = join(dir, `${name}.pgm`);
  writeFileSync(file, Buffer.concat([Buffer.from(`P5\n${w} ${h}\n255\n`, 'latin1'), out]));
  return { file, dark: { x0: dx0 / PX_PER_MM, y0: dy0 / PX_PER_MM, x1: dx1 / PX_PER_MM, y1: dy1 / PX_PER_MM } };
}

export function zbar(file: string, symbology: 'qrcode' | 'code128' = 'qrcode'): string {
  try {
    return execFileSync('zbarimg', ['--raw', '-q', '-Sdisable', `-S${symbology}.enable`, file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

/**
 * Every label of a sheet, read back from the PDF: its QR decodes to exactly its row's
 * value, and the symbol (inside the 4-module quiet zone) sits where the stock says,
 * within `toleranceMm` on each edge.
 */
export function expectLabelsWhereTheStockSays(pdf: Buffer, sheet: LabelSheet, toleranceMm: number, name: string): void {
  const { dir, pages } = rasterise(pdf);
  expect(pages).toHaveLength(sheet.pages);
  for (const [i, label] of sheet.labels.entries()) {
    const qrX = label.xMm + label.qr.xMm;
    const qrY = label.yMm + label.qr.yMm;
    const { file, dark } = crop(pages[label.page]!, dir, `qr-${i}`, { x: qrX - 0.5, y: qrY - 0.5, w: label.qr.widthMm + 1, h: label.qr.heightMm + 1 });
    // Every label's QR decodes to exactly its row's value…
    expect(zbar(file), `${name} label ${i}`).toBe(label.qrText);
    // …and its symbol (inside the 4-module quiet zone) sits where the stock says, within the tolerance.
    const modules = qrGeometry(label.qrText).width;
    const quiet = (label.qr.widthMm / modules) * QR_QUIET_ZONE;
    expect(Math.abs(dark.x0 - (qrX + quiet)), `${name} label ${i} left edge`).toBeLessThan(toleranceMm);
    expect(Math.abs(dark.y0 - (qrY + quiet)), `${name} label ${i} top edge`).toBeLessThan(toleranceMm);
    expect(Math.abs(dark.x1 - (qrX + label.qr.widthMm - quiet)), `${name} label ${i} right edge`).toBeLessThan(toleranceMm);
    // The Code 128 under the text reads as the ICCID (the crop adds the white quiet zone around it).
    if (label.barcode) {
      const bar = label.barcode;
      const barcode = crop(pages[label.page]!, dir, `bc-${i}`, { x: label.xMm + bar.xMm, y: label.yMm + bar.yMm, w: bar.widthMm, h: bar.heightMm });
      expect(zbar(barcode.file, 'code128'), `${name} label ${i} barcode`).toBe(label.iccid);
    }
  }
}
