/**
 * Where a label's symbols go in printer dots: the one home of the rules that make them
 * scan (docs/printing.md, "Symbols that scan"). Every module is a whole number of the
 * printer's dots and every symbol starts on a dot, so no module edge falls between two
 * dots; the QR code keeps 4 modules of quiet zone and the Code 128 10 modules, both
 * inside the die-cut. PDF, print dialog, preview and ZPL all place symbols with these.
 */
import type { PrinterDpi } from '../../preload/printer-resolution';

/** A rectangle on a label, in millimetres from the label's top-left corner. */
export interface Box {
  readonly xMm: number;
  readonly yMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
}

/** Quiet zone in modules on every side of a QR code (ISO/IEC 18004 asks for 4). */
export const QR_QUIET_ZONE = 4;
/** Quiet zone in modules left and right of a Code 128 (ISO/IEC 15417 asks for 10). */
export const CODE128_QUIET_ZONE = 10;
/** How far inside the die-cut every quiet zone ends, for printer drift and die-cut tolerance. */
export const DIE_CUT_MARGIN_MM = 0.5;
/** Below 3 printer dots per QR module, scanners start to miss. */
export const QR_MIN_DOTS = 3;
/** The narrowest Code 128 bar: 2 printer dots and at least 0.15 mm (6 mil), what warehouse imagers read. */
const CODE128_MIN_DOTS = 2;
const CODE128_MIN_MODULE_MM = 0.15;

/**
 * The dots a label is laid out on. A page printer (PDF, CUPS) has exactly `dpi` dots an
 * inch. A Zebra's head has 8, 12 or 24 dots a millimetre (its "300 dpi" is 304.8), and
 * ZPL's ^BQ magnification and ^BY width stop at 10 dots a module.
 */
export interface DotGrid {
  readonly dpi: PrinterDpi;
  readonly dotMm: number;
  readonly maxModuleDots: number;
}

const ZEBRA_DOTS_PER_MM: Readonly<Record<PrinterDpi, number>> = { 203: 8, 300: 12, 600: 24 };

export function dotGrid(dpi: PrinterDpi, zebra: boolean): DotGrid {
  return zebra ? { dpi, dotMm: 1 / ZEBRA_DOTS_PER_MM[dpi], maxModuleDots: 10 } : { dpi, dotMm: 25.4 / dpi, maxModuleDots: Number.POSITIVE_INFINITY };
}

const gridDown = (mm: number, dot: number): number => Math.floor(mm / dot + 1e-6) * dot;
const gridUp = (mm: number, dot: number): number => Math.ceil(mm / dot - 1e-6) * dot;
const gridNearest = (mm: number, dot: number): number => Math.round(mm / dot) * dot;

/** A symbol placed on the label: its box (quiet zone included for a QR code, bars only for a Code 128) and dots per module. */
export interface PlacedSymbol {
  readonly box: Box;
  readonly dots: number;
}

/**
 * The QR code in its box: as many whole dots per module as fit (at least one), the symbol
 * and its quiet zone centred in the box, its corner on the page's dot grid. The quiet zone
 * may spill `roomMm` past each side of the box into white label margin: larger modules
 * read better (docs/printing.md, "Symbols that scan"). `labelXMm` and `labelYMm` are the
 * label's corner on the page, so the grid is the page's, as the printer's is.
 */
export function placeQr(modules: number, box: Box, roomMm: number, labelXMm: number, labelYMm: number, grid: DotGrid): PlacedSymbol {
  const dot = grid.dotMm;
  const dots = Math.max(1, Math.min(grid.maxModuleDots, Math.floor((Math.min(box.widthMm, box.heightMm) + 2 * roomMm) / dot / modules + 1e-6)));
  const size = modules * dots * dot;
  const x = gridNearest(labelXMm + box.xMm + (box.widthMm - size) / 2, dot) - labelXMm;
  const y = gridNearest(labelYMm + box.yMm + (box.heightMm - size) / 2, dot) - labelYMm;
  return { box: { xMm: x, yMm: y, widthMm: size, heightMm: size }, dots };
}

/**
 * The Code 128's bars in a white strip of the label (`zone`, label-relative, inside the
 * die-cut): whole dots per module, no wider than `maxWidthMm`, starting at `preferXMm` when
 * the quiet zones allow, and 10 modules of white strip on each side. Null when the bars and
 * their quiet zones cannot fit at the narrowest bar a scanner reads.
 */
export function placeCode128(
  modules: number,
  zone: { readonly xMm: number; readonly widthMm: number },
  bars: { readonly preferXMm: number; readonly maxWidthMm: number; readonly yMm: number; readonly heightMm: number },
  labelXMm: number,
  grid: DotGrid,
): PlacedSymbol | null {
  const dot = grid.dotMm;
  const least = Math.max(CODE128_MIN_DOTS, Math.ceil(CODE128_MIN_MODULE_MM / dot - 1e-6));
  const most = Math.min(grid.maxModuleDots, Math.floor(Math.min(bars.maxWidthMm / modules, zone.widthMm / (modules + 2 * CODE128_QUIET_ZONE)) / dot + 1e-6));
  for (let dots = most; dots >= least; dots--) {
    const module = dots * dot;
    const width = modules * module;
    const quiet = CODE128_QUIET_ZONE * module;
    const left = zone.xMm + quiet;
    const right = zone.xMm + zone.widthMm - quiet - width;
    if (right < left - 1e-6) continue;
    const wanted = Math.min(Math.max(bars.preferXMm, left), right);
    // On the page's dot grid, without leaving the quiet zones.
    for (const onGrid of [gridNearest, gridUp, gridDown]) {
      const x = onGrid(labelXMm + wanted, dot) - labelXMm;
      if (x >= left - 1e-6 && x <= right + 1e-6) return { box: { xMm: x, yMm: bars.yMm, widthMm: width, heightMm: bars.heightMm }, dots };
    }
  }
  return null;
}

/** Round a length to whole printer dots (ZPL positions and sizes). */
export function toDots(mm: number, grid: DotGrid): number {
  return Math.round(mm / grid.dotMm);
}
