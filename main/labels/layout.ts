/**
 * The label sheet model: every label's position (after calibration), its QR code and
 * barcode as geometry (symbols.ts), and its text lines. Print, PDF, preview and tests
 * all use this one model, so what is previewed is what is printed.
 */
import type { PrinterDpi } from '../../preload/printer-resolution';
import { checkQrContent, groupIccid, nationalFormat, qrText, type LabelData, type QrContent } from './content';
import { DIE_CUT_MARGIN_MM, dotGrid, placeCode128, placeQr, QR_MIN_DOTS, type Box } from './print-geometry';
import { NO_CALIBRATION, pagesFor, slots, type Calibration, type LabelStock } from './stocks';
import { code128Geometry, qrGeometry, type QrSymbol, type SymbolGeometry } from './symbols';

export type { Box };

/** Text lines are set this many em apart in every output (the HTML's line-height, the PDF's and ZPL's steps). */
export const LINE_HEIGHT = 1.15;

export interface LabelOptions {
  readonly qr: QrContent;
  readonly barcode: boolean;
  readonly practice: boolean;
  /** Printer resolution: every module is a whole number of its dots (print-geometry.ts). */
  readonly dpi: PrinterDpi;
  /** Laid out for a Zebra (its dots a millimetre, ZPL's largest module), not a page printer. */
  readonly zebra?: boolean;
  readonly calibration?: Calibration;
  /** Labels already used on the first sheet. */
  readonly skip?: number;
}

export interface PlacedLabel {
  readonly page: number;
  readonly xMm: number;
  readonly yMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
  readonly iccid: string;
  readonly qrText: string;
  readonly qrSymbol: QrSymbol;
  /** QR box with its quiet zone, relative to the label, on the printer's dot grid. */
  readonly qr: Box;
  /** Printer dots per QR module. */
  readonly qrDots: number;
  readonly barcodeSymbol: SymbolGeometry | null;
  /** The Code 128's bars (its quiet zones are the white around them), relative to the label. */
  readonly barcode: Box | null;
  /** Printer dots per Code 128 module. */
  readonly barcodeDots: number;
  readonly text: Box;
  readonly lines: readonly { readonly text: string; readonly sizeMm: number; readonly bold: boolean; readonly mono: boolean }[];
}

export interface LabelSheet {
  readonly stock: LabelStock;
  readonly pages: number;
  readonly pageWidthMm: number;
  readonly pageHeightMm: number;
  readonly labels: readonly PlacedLabel[];
  readonly practice: boolean;
  readonly warnings: readonly string[];
}

/** Which of the labels fall on one page of the sheet: `data.slice(first, end)`. */
export function pageRange(stock: LabelStock, total: number, skip: number, page: number): { readonly first: number; readonly end: number } {
  const perPage = stock.columns * stock.rows;
  const first = page === 0 ? 0 : page * perPage - skip;
  return { first: Math.min(first, total), end: Math.min((page + 1) * perPage - skip, total) };
}

/** One page of the sheet, laid out alone (the preview, and the PDF written page by page). */
export function layoutPage(stock: LabelStock, data: readonly LabelData[], options: LabelOptions, page: number): LabelSheet {
  const skip = options.skip ?? 0;
  const { first, end } = pageRange(stock, data.length, skip, page);
  const laid = layoutLabels(stock, data.slice(first, end), { ...options, skip: page === 0 ? skip : 0 });
  return { ...laid, pages: pagesFor(stock, data.length, skip), labels: laid.labels.map((l) => ({ ...l, page })) };
}

/** Lays out every label; synchronous and CPU-bound, so large sheets are laid out in the label worker (label-jobs.ts). */
export function layoutLabels(stock: LabelStock, data: readonly LabelData[], options: LabelOptions): LabelSheet {
  // Every caller checks first; a label must never carry something else than its QR content says.
  checkQrContent(data, options.qr);
  const calibration = options.calibration ?? NO_CALIBRATION;
  const places = slots(stock, data.length, calibration, options.skip ?? 0);
  const warnings = new Set<string>();
  const labels: PlacedLabel[] = [];
  const grid = dotGrid(options.dpi, options.zebra ?? false);
  for (const [i, d] of data.entries()) {
    const slot = places[i]!;
    const w = slot.widthMm;
    const h = slot.heightMm;
    const pad = Math.min(2, h * 0.06);
    const wide = w / h >= 1.4;
    const barcodeHeight = options.barcode ? Math.min(8, h * (wide ? 0.22 : 0.08)) : 0;
    const qrSize = wide ? Math.min(h - 2 * pad, w * 0.42) : Math.min(w - 2 * pad, h * 0.55);
    const qrArea: Box = { xMm: wide ? pad : (w - qrSize) / 2, yMm: wide ? (h - qrSize) / 2 : pad, widthMm: qrSize, heightMm: qrSize };
    const text: Box = wide
      ? { xMm: qrSize + 2 * pad, yMm: pad, widthMm: w - qrSize - 3 * pad, heightMm: h - 2 * pad - (barcodeHeight ? barcodeHeight + pad : 0) }
      : { xMm: pad, yMm: qrSize + 2 * pad, widthMm: w - 2 * pad, heightMm: h - qrSize - 3 * pad - (barcodeHeight ? barcodeHeight + pad : 0) };

    const payload = qrText(d, options.qr);
    const qrSymbol = qrGeometry(payload);
    const { box: qr, dots } = placeQr(qrSymbol.width, qrArea, Math.max(0, pad - DIE_CUT_MARGIN_MM), slot.xMm, slot.yMm, grid);
    if (dots < QR_MIN_DOTS) {
      warnings.add(
        `On ${stock.name}, the QR code would print too small to scan reliably at ${options.dpi} dpi (its squares ${dots} printer dot(s) ` +
          `wide, at least ${QR_MIN_DOTS} are needed): choose a larger stock, a shorter QR content, or a higher-resolution printer.`,
      );
    }

    // The bars under the text, with 10 modules of white inside the die-cut on each side:
    // beside a QR code the white strip starts where the QR code's box ends.
    const barcodeSymbol = options.barcode ? code128Geometry(d.iccid) : null;
    const zone = wide
      ? { xMm: qr.xMm + qr.widthMm, widthMm: w - DIE_CUT_MARGIN_MM - qr.xMm - qr.widthMm }
      : { xMm: DIE_CUT_MARGIN_MM, widthMm: w - 2 * DIE_CUT_MARGIN_MM };
    const bars = barcodeSymbol
      ? placeCode128(
          barcodeSymbol.width,
          zone,
          { preferXMm: text.xMm, maxWidthMm: text.widthMm, yMm: h - pad - barcodeHeight, heightMm: barcodeHeight },
          slot.xMm,
          grid,
        )
      : null;
    if (barcodeSymbol && !bars) {
      warnings.add(
        `On ${stock.name}, there is no room at ${options.dpi} dpi for the Code 128 barcode with the blank margins scanners need, so it is left off: ` +
          'the QR code still carries the ICCID. For a barcode, choose a wider stock or a higher-resolution printer.',
      );
    }

    const big = Math.max(1.8, Math.min(6, text.heightMm * 0.26));
    const small = big * 0.72;
    // Each line is shrunk until it fits the text box: a glyph is about 0.62 em wide.
    const fit = (value: string, size: number, bold: boolean, mono: boolean) => ({
      text: value,
      sizeMm: Math.min(size, text.widthMm / (value.length * (mono ? 0.62 : bold ? 0.64 : 0.58))),
      bold,
      mono,
    });
    const lines = [
      ...(d.number ? [fit(nationalFormat(d.number), big, true, false)] : []),
      fit(groupIccid(d.iccid), small, false, true),
      ...(d.nid ? [fit(d.nid, small * 0.8, false, true)] : []),
      ...(options.practice ? [fit('PRACTICE · NOT ACTIVE', small * 0.8, true, false)] : []),
    ];
    labels.push({
      page: slot.page,
      xMm: slot.xMm,
      yMm: slot.yMm,
      widthMm: w,
      heightMm: h,
      iccid: d.iccid,
      qrText: payload,
      qrSymbol,
      qr,
      qrDots: dots,
      barcodeSymbol: bars ? barcodeSymbol : null,
      barcode: bars?.box ?? null,
      barcodeDots: bars?.dots ?? 0,
      text,
      lines,
    });
  }
  return {
    stock,
    pages: pagesFor(stock, data.length, options.skip ?? 0),
    pageWidthMm: stock.pageWidthMm,
    pageHeightMm: stock.pageHeightMm,
    labels,
    practice: options.practice,
    warnings: [...warnings],
  };
}
