/**
 * Label stocks and where each label sits on the page, in millimetres. Sheet
 * dimensions are the manufacturers' published templates; thermal rolls are one label
 * per page. Calibration (offset and scale per printer and stock) is applied here, once,
 * for print, PDF and preview alike.
 */
import type { Calibration, LabelStock } from '../../preload/domain';

export type { Calibration, LabelStock };

const IN = 25.4;

export const BUILT_IN_STOCKS: readonly LabelStock[] = [
  // Avery 5160: US Letter, 3 × 10, 2⅝" × 1", top margin ½", side margin 3⁄16", ⅛" between columns.
  {
    id: 'avery-5160',
    name: 'Avery 5160 (US Letter, 30 per sheet, 2⅝″ × 1″)',
    kind: 'sheet',
    pageWidthMm: 8.5 * IN,
    pageHeightMm: 11 * IN,
    columns: 3,
    rows: 10,
    labelWidthMm: 2.625 * IN,
    labelHeightMm: 1 * IN,
    marginTopMm: 0.5 * IN,
    marginLeftMm: 0.1875 * IN,
    gapXMm: 0.125 * IN,
    gapYMm: 0,
  },
  // Avery L7160: A4, 3 × 7, 63.5 × 38.1 mm, top margin 15.15 mm, side 7.25 mm, 2.5 mm between columns.
  {
    id: 'avery-l7160',
    name: 'Avery L7160 (A4, 21 per sheet, 63.5 × 38.1 mm)',
    kind: 'sheet',
    pageWidthMm: 210,
    pageHeightMm: 297,
    columns: 3,
    rows: 7,
    labelWidthMm: 63.5,
    labelHeightMm: 38.1,
    marginTopMm: 15.15,
    marginLeftMm: 7.25,
    gapXMm: 2.5,
    gapYMm: 0,
  },
  // Avery 5163: US Letter, 2 × 5, 4" × 2", top margin ½", side 5⁄32", 3⁄16" between columns.
  {
    id: 'avery-5163',
    name: 'Avery 5163 (US Letter, 10 per sheet, 4″ × 2″)',
    kind: 'sheet',
    pageWidthMm: 8.5 * IN,
    pageHeightMm: 11 * IN,
    columns: 2,
    rows: 5,
    labelWidthMm: 4 * IN,
    labelHeightMm: 2 * IN,
    marginTopMm: 0.5 * IN,
    marginLeftMm: 0.15625 * IN,
    gapXMm: 0.1875 * IN,
    gapYMm: 0,
  },
  {
    id: 'thermal-2x1',
    name: 'Thermal roll 2″ × 1″',
    kind: 'roll',
    pageWidthMm: 2 * IN,
    pageHeightMm: 1 * IN,
    columns: 1,
    rows: 1,
    labelWidthMm: 2 * IN,
    labelHeightMm: 1 * IN,
    marginTopMm: 0,
    marginLeftMm: 0,
    gapXMm: 0,
    gapYMm: 0,
  },
  {
    id: 'thermal-4x6',
    name: 'Thermal roll 4″ × 6″',
    kind: 'roll',
    pageWidthMm: 4 * IN,
    pageHeightMm: 6 * IN,
    columns: 1,
    rows: 1,
    labelWidthMm: 4 * IN,
    labelHeightMm: 6 * IN,
    marginTopMm: 0,
    marginLeftMm: 0,
    gapXMm: 0,
    gapYMm: 0,
  },
];

export const NO_CALIBRATION: Calibration = { offsetXMm: 0, offsetYMm: 0, scale: 1 };

export interface Slot {
  readonly page: number;
  readonly xMm: number;
  readonly yMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
}

/** Checks that a stock's labels fit on its page. */
export function stockProblems(stock: LabelStock): string[] {
  const problems: string[] = [];
  const width = stock.marginLeftMm + stock.columns * stock.labelWidthMm + (stock.columns - 1) * stock.gapXMm;
  const height = stock.marginTopMm + stock.rows * stock.labelHeightMm + (stock.rows - 1) * stock.gapYMm;
  if (width > stock.pageWidthMm + 0.01) problems.push(`The labels need ${width.toFixed(1)} mm across but the page is ${stock.pageWidthMm.toFixed(1)} mm wide.`);
  if (height > stock.pageHeightMm + 0.01)
    problems.push(`The labels need ${height.toFixed(1)} mm down but the page is ${stock.pageHeightMm.toFixed(1)} mm tall.`);
  return problems;
}

/**
 * Where the n-th label goes: row by row, left to right, across as many pages as
 * needed, starting at `skip` (used labels on a partly used sheet). Every position is
 * computed from the page corner, never accumulated, so no error builds up down a sheet.
 */
export function slots(stock: LabelStock, count: number, calibration: Calibration = NO_CALIBRATION, skip = 0): Slot[] {
  const perPage = stock.columns * stock.rows;
  const result: Slot[] = [];
  for (let n = 0; n < count; n++) {
    const k = n + skip;
    const page = Math.floor(k / perPage);
    const within = k % perPage;
    const row = Math.floor(within / stock.columns);
    const col = within % stock.columns;
    const x = stock.marginLeftMm + col * (stock.labelWidthMm + stock.gapXMm);
    const y = stock.marginTopMm + row * (stock.labelHeightMm + stock.gapYMm);
    result.push({
      page,
      xMm: x * calibration.scale + calibration.offsetXMm,
      yMm: y * calibration.scale + calibration.offsetYMm,
      widthMm: stock.labelWidthMm * calibration.scale,
      heightMm: stock.labelHeightMm * calibration.scale,
    });
  }
  return result;
}

export function pagesFor(stock: LabelStock, count: number, skip = 0): number {
  return Math.max(1, Math.ceil((count + skip) / (stock.columns * stock.rows)));
}
