/**
 * Reading printed labels back: a PDF rasterised by pdftoppm (grayscale PGM parsed here, at
 * the printer's resolution, with or without antialiasing), each symbol cropped to its own
 * image as a scanner sees one label, and all of a page's crops decoded by one zbarimg run.
 * Used by every test that checks that labels scan and land where the stock says.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

import type { LabelSheet } from '../../main/labels/layout';

/** The quiet zones the standards ask for, in modules: written here, not taken from the code under test. */
export const QR_QUIET_ZONE = 4; // ISO/IEC 18004
export const CODE128_QUIET_ZONE = 10; // ISO/IEC 15417

export interface Gray {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

/** Reads an 8-bit grayscale PGM (P5). */
export function readPgm(bytes: Buffer): Gray {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 40).toString('latin1'))!;
  return { width: Number(header[1]), height: Number(header[2]), pixels: bytes.subarray(header[0].length) };
}

export function writePgm(file: string, image: Gray): void {
  writeFileSync(file, Buffer.concat([Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'latin1'), image.pixels]));
}

/** Rasterises a PDF to 8-bit grayscale pages at `dpi`, antialiased (pdftoppm's default) or not. */
export function rasterise(pdf: Buffer, dpi = 300, antialias = true): { dir: string; pages: Gray[] } {
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-pdf-'));
  writeFileSync(join(dir, 'labels.pdf'), pdf);
  const aa = antialias ? 'yes' : 'no';
  execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-aa', aa, '-aaVector', aa, join(dir, 'labels.pdf'), join(dir, 'page')]);
  const pages = readdirSync(dir)
    .filter((f) => f.endsWith('.pgm'))
    .sort()
    .map((f) => readPgm(readFileSync(join(dir, f))));
  return { dir, pages };
}

/** A region's pixels and the bounding box (mm, page coordinates) of its dark pixels. */
export interface Cropped {
  readonly file: string;
  readonly dark: { x0: number; y0: number; x1: number; y1: number };
}

/** Crops a region (mm) to its own PGM with a white margin, and returns the bounding box (mm) of its dark pixels. */
export function crop(page: Gray, dir: string, name: string, box: { x: number; y: number; w: number; h: number }, dpi = 300): Cropped {
  const pxPerMm = dpi / 25.4;
  const x0 = Math.max(0, Math.round(box.x * pxPerMm));
  const y0 = Math.max(0, Math.round(box.y * pxPerMm));
  const x1 = Math.min(page.width, Math.round((box.x + box.w) * pxPerMm));
  const y1 = Math.min(page.height, Math.round((box.y + box.h) * pxPerMm));
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
  writePgm(file, { width: w, height: h, pixels: out });
  return { file, dark: { x0: dx0 / pxPerMm, y0: dy0 / pxPerMm, x1: dx1 / pxPerMm, y1: dy1 / pxPerMm } };
}

/** Every image decoded on its own (QR codes and Code 128 only), by one zbarimg run: file → [type, text] of each symbol found. */
export function decodeEach(files: readonly string[]): Map<string, Array<{ type: string; text: string }>> {
  let xml: string;
  try {
    xml = execFileSync('zbarimg', ['--xml', '-q', '-Sdisable', '-Sqrcode.enable', '-Scode128.enable', ...files], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    // zbarimg exits 4 when some image holds no symbol; what it found is still on stdout.
    xml = String((error as { stdout?: string }).stdout ?? '');
  }
  const found = new Map<string, Array<{ type: string; text: string }>>(files.map((f) => [f, []]));
  for (const source of xml.matchAll(/<source href='([^']*)'>([\s\S]*?)<\/source>/g)) {
    const symbols = [...source[2]!.matchAll(/<symbol type='([^']+)'[^>]*><data><!\[CDATA\[([\s\S]*?)\]\]><\/data>/g)];
    found.set(
      source[1]!,
      symbols.map((s) => ({ type: s[1]!, text: s[2]! })),
    );
  }
  return found;
}

/** One file decoded: its only symbol's text, or '' when none (or more than one) was found. */
export function zbar(file: string): string {
  const symbols = decodeEach([file]).get(file) ?? [];
  return symbols.length === 1 ? symbols[0]!.text : '';
}

/**
 * Every label of a sheet, read back from the PDF rasterised at `dpi`: its QR code decodes to
 * exactly its row's value and sits where the stock says (within `toleranceMm` on each edge)
 * with white all around it inside its box (the 4-module quiet zone), and its Code 128 decodes
 * to the ICCID with 10 modules of white on each side.
 */
export function expectLabelsWhereTheStockSays(
  pdf: Buffer,
  sheet: LabelSheet,
  toleranceMm: number,
  name: string,
  how: { readonly dpi?: number; readonly antialias?: boolean } = {},
): void {
  const dpi = how.dpi ?? 300;
  const { dir, pages } = rasterise(pdf, dpi, how.antialias ?? true);
  expect(pages).toHaveLength(sheet.pages);
  const checks: Array<{ file: string; type: string; text: string; what: string; dark: Cropped['dark']; want: Cropped['dark'] }> = [];
  for (const [i, label] of sheet.labels.entries()) {
    // The QR box includes the quiet zone: cropped as it is, anything dark in the quiet zone moves the dark edges.
    const qrX = label.xMm + label.qr.xMm;
    const qrY = label.yMm + label.qr.yMm;
    const quiet = (label.qr.widthMm / label.qrSymbol.width) * QR_QUIET_ZONE;
    const qr = crop(pages[label.page]!, dir, `qr-${i}`, { x: qrX, y: qrY, w: label.qr.widthMm, h: label.qr.heightMm }, dpi);
    const symbol = { x0: qrX + quiet, y0: qrY + quiet, x1: qrX + label.qr.widthMm - quiet, y1: qrY + label.qr.heightMm - quiet };
    checks.push({ ...qr, type: 'QR-Code', text: label.qrText, what: `${name} label ${i} QR`, want: symbol });
    if (label.barcode) {
      const bar = label.barcode;
      const white = (bar.widthMm / label.barcodeSymbol!.width) * CODE128_QUIET_ZONE;
      const x = label.xMm + bar.xMm;
      const y = label.yMm + bar.yMm;
      const bc = crop(pages[label.page]!, dir, `bc-${i}`, { x: x - white, y, w: bar.widthMm + 2 * white, h: bar.heightMm }, dpi);
      checks.push({
        ...bc,
        type: 'CODE-128',
        text: label.iccid,
        what: `${name} label ${i} Code 128`,
        want: { x0: x, y0: y, x1: x + bar.widthMm, y1: y + bar.heightMm },
      });
    }
  }
  const decoded = decodeEach(checks.map((c) => c.file));
  for (const c of checks) {
    expect(decoded.get(c.file), c.what).toEqual([{ type: c.type, text: c.text }]);
    for (const edge of ['x0', 'y0', 'x1', 'y1'] as const) {
      expect(Math.abs(c.dark[edge] - c.want[edge]), `${c.what}: ${edge} edge (white quiet zone, placed as the stock says)`).toBeLessThan(toleranceMm);
    }
  }
}
