/**
 * The QR code and the Code 128 barcode of a label as geometry: runs of dark modules,
 * in module units, made once per content and cached (docs/printing.md, "Fast labels").
 * The SVG (preview, HTML printing) and the PDF both draw from this one geometry, so
 * a symbol looks the same in every output.
 */
import bwipjs from 'bwip-js/node';
import { LRUCache } from 'lru-cache';
import QRCode, { type QRCodeSegment } from 'qrcode';
import { QR_QUIET_ZONE } from './print-geometry';

/** Dark rectangles as [x, y, width, height] in modules, quiet zone included in `size`. */
export interface SymbolGeometry {
  /** Width in modules (QR: with the quiet zone on both sides). */
  readonly width: number;
  /** Height in modules; a barcode is one module high and stretched to its box. */
  readonly height: number;
  /** Flat list of rectangles: x, y, width, height, x, y, … */
  readonly rects: Int16Array;
}

// Labels are drawn again for the preview, then the export: keep the latest few thousand.
const qrCache = new LRUCache<string, QrSymbol>({ max: 4096 });
const barcodeCache = new LRUCache<string, SymbolGeometry>({ max: 4096 });

/** Symbols another thread made ahead for the job in progress (label-worker.ts): each is taken once. */
const primed = { qr: new Map<string, QrSymbol>(), barcode: new Map<string, SymbolGeometry>() };

function cached<T extends SymbolGeometry>(cache: LRUCache<string, T>, ahead: Map<string, T>, key: string, make: () => T): T {
  const hit = cache.get(key) ?? ahead.get(key);
  if (hit) {
    ahead.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const made = make();
  cache.set(key, made);
  return made;
}

/** Symbols made ahead on another thread, as [content, geometry] pairs. */
export interface PrimedSymbols {
  readonly qr: readonly (readonly [string, QrSymbol])[];
  readonly barcode: readonly (readonly [string, SymbolGeometry])[];
}

export function primeSymbols(symbols: PrimedSymbols): void {
  for (const [text, geometry] of symbols.qr) primed.qr.set(text, geometry);
  for (const [text, geometry] of symbols.barcode) primed.barcode.set(text, geometry);
}

/** Forgets what was made ahead and not used (the job is over). */
export function clearPrimed(): void {
  primed.qr.clear();
  primed.barcode.clear();
}

export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';
export type QrMode = 'numeric' | 'alphanumeric' | 'byte';

/** A QR code's geometry and how it was encoded (the ZPL `^BQ` asks the printer for the same). */
export interface QrSymbol extends SymbolGeometry {
  readonly version: number;
  readonly errorCorrection: QrErrorCorrection;
  readonly mode: QrMode;
}

/** The smallest version a QR code on a label may have (docs/printing.md, "Symbols that scan"). */
export const QR_MIN_VERSION = 2;

/** The one mode the whole text is encoded in: the densest that holds every character, as a printer's automatic mode chooses. */
export function qrMode(text: string): QrMode {
  if (/^\d+$/.test(text)) return 'numeric';
  return /^[0-9A-Z $%*+\-./:]+$/.test(text) ? 'alphanumeric' : 'byte';
}

/**
 * How a label's QR code is encoded, the one rule for every output (docs/printing.md,
 * "Symbols that scan"): the whole text in one mode; the smallest version error correction
 * M allows, but never version 1; in that version the strongest error correction that fits.
 * A Zebra's ^BQ is told the mode and the error correction and picks the smallest version
 * that holds the text, so the pair is chosen such that this is the same version: a text a
 * version 1 would hold at that level (a short number) goes in byte mode instead. Version 1
 * has no alignment pattern and keeps two of its ten error-correction codewords for
 * detection: read off a sheet of 30 labels, a quarter of the ICCID-only labels (version
 * 1-M) did not decode, and all of them did as version 2-H.
 */
export function qrEncoding(text: string): {
  readonly segments: QRCodeSegment[];
  readonly mode: QrMode;
  readonly version: number;
  readonly errorCorrection: QrErrorCorrection;
  readonly modules: QRCode.BitMatrix;
} {
  const best = qrMode(text);
  let fallback: ReturnType<typeof qrEncoding> | null = null;
  for (const mode of best === 'byte' ? (['byte'] as const) : ([best, 'byte'] as const)) {
    const segments = [{ data: text, mode }] as QRCodeSegment[];
    // qrcode refuses a version too small before it draws anything, so a miss costs little.
    const made = (version: number, errorCorrectionLevel: QrErrorCorrection) => {
      try {
        return QRCode.create(segments, { version, errorCorrectionLevel });
      } catch {
        return null;
      }
    };
    for (let version = QR_MIN_VERSION; version <= 40; version++) {
      let found: ReturnType<typeof qrEncoding> | null = null;
      for (const errorCorrection of ['H', 'Q', 'M'] as const) {
        const symbol = made(version, errorCorrection);
        if (symbol) {
          found = { segments, mode, version, errorCorrection, modules: symbol.modules };
          break;
        }
      }
      if (!found) continue;
      // Higher versions were only reached because a lower one could not hold the text at any level.
      if (version > QR_MIN_VERSION || made(1, found.errorCorrection) === null) return found;
      fallback ??= found;
      break;
    }
  }
  // Seven bytes or fewer: every mode fits a version 1, which a printer would choose; labels elsewhere still get a version 2.
  return fallback!;
}

/** The QR code for a text (encoded by `qrEncoding`), one rectangle per horizontal run of dark modules. */
export function qrGeometry(text: string): QrSymbol {
  return cached(qrCache, primed.qr, text, () => {
    const { mode, version, errorCorrection, modules } = qrEncoding(text);
    const { size, data } = modules;
    const rects: number[] = [];
    for (let y = 0; y < size; y++) {
      let x = 0;
      while (x < size) {
        if (!data[y * size + x]) {
          x++;
          continue;
        }
        const start = x;
        while (x < size && data[y * size + x]) x++;
        rects.push(start + QR_QUIET_ZONE, y + QR_QUIET_ZONE, x - start, 1);
      }
    }
    const width = size + 2 * QR_QUIET_ZONE;
    return { width, height: width, rects: Int16Array.from(rects), version, errorCorrection, mode };
  });
}

/** The Code 128 barcode for a text (bwip-js encodes it), one rectangle per bar, no quiet zone. */
export function code128Geometry(text: string): SymbolGeometry {
  return cached(barcodeCache, primed.barcode, text, () => {
    const [encoded] = bwipjs.raw({ bcid: 'code128', text }) as unknown as readonly [{ readonly sbs: readonly number[] }];
    const rects: number[] = [];
    let x = 0;
    // sbs alternates bar, space, bar…, each a width in modules.
    encoded.sbs.forEach((w, i) => {
      if (i % 2 === 0) rects.push(x, 0, w, 1);
      x += w;
    });
    return { width: x, height: 1, rects: Int16Array.from(rects) };
  });
}

/** The geometry as one SVG path (module units). */
export function symbolPath(symbol: SymbolGeometry): string {
  const parts: string[] = [];
  const r = symbol.rects;
  for (let i = 0; i < r.length; i += 4) parts.push(`M${r[i]} ${r[i + 1]}h${r[i + 2]}v${r[i + 3]}h${-r[i + 2]!}z`);
  return parts.join('');
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

/** A standalone SVG of the symbol at a size in millimetres, on white, as one path. */
export function symbolSvg(symbol: SymbolGeometry, widthMm: number, heightMm: number): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${round(widthMm)}mm" height="${round(heightMm)}mm" ` +
    `viewBox="0 0 ${symbol.width} ${symbol.height}" preserveAspectRatio="none" shape-rendering="crispEdges">` +
    `<rect width="${symbol.width}" height="${symbol.height}" fill="#fff"/><path fill="#000" d="${symbolPath(symbol)}"/></svg>`
  );
}

/** For tests and the benchmark: how many symbols are cached. */
export function cachedSymbols(): { readonly qr: number; readonly barcode: number } {
  return { qr: qrCache.size, barcode: barcodeCache.size };
}
