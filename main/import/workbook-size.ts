/**
 * How much a workbook holds once inflated, measured before exceljs reads it: a .xlsx is a
 * ZIP, and 50 MB of it can inflate to many gigabytes of cells (a decompression bomb). The
 * entries are inflated as a stream and counted (their declared sizes may lie), their output
 * thrown away, and the count stops at the first limit passed, so the check itself needs
 * little memory and time (docs/import.md, "Workbook limits").
 */
import { Unzip, UnzipInflate, UnzipPassThrough } from 'fflate';
import { UserError } from '../errors/user-error';
import { MAX_IMPORT_ICCIDS } from '../../preload/views';

export interface WorkbookLimits {
  /** Bytes of every entry together, inflated. */
  readonly inflatedBytes: number;
  /** Cells in every worksheet together (`<c>` elements). */
  readonly cells: number;
  /** Entries of the shared-strings table (`<si>` elements). */
  readonly sharedStrings: number;
}

/**
 * What exceljs can read within about 1 GB of memory: it builds an object per cell, about
 * 0.9 KB each with the shared strings (measured with `npm run bench -- workbooks`: 1.4
 * million cells took 1.47 GB). 800,000 cells is 400,000 SIMs with one more column each;
 * longer lists come as CSV, which is read in bounded memory.
 */
export const WORKBOOK_LIMITS: WorkbookLimits = { inflatedBytes: 200 * 1024 * 1024, cells: 800_000, sharedStrings: 800_000 };

export interface WorkbookSize {
  readonly inflatedBytes: number;
  readonly cells: number;
  readonly sharedStrings: number;
}

/** Counts an element's start tags across chunk boundaries (any namespace prefix, as some writers use). */
class TagCounter {
  count = 0;
  private carry = '';

  constructor(private readonly tag: RegExp) {}

  add(chunk: Uint8Array): void {
    // latin1 keeps one character per byte; tags are ASCII, so nothing is lost for the count.
    const text = this.carry + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    this.tag.lastIndex = 0;
    let lastEnd = 0;
    for (let m = this.tag.exec(text); m !== null; m = this.tag.exec(text)) {
      this.count += 1;
      lastEnd = m.index + m[0].length;
    }
    // A tag cut by the chunk's end is counted with the next chunk.
    this.carry = text.slice(Math.max(lastEnd, text.length - 16));
  }
}

class Passed extends Error {}

/** Inflates every entry once, counting; stops as soon as `limits` is passed. */
export function measureWorkbook(bytes: Uint8Array, limits: WorkbookLimits = WORKBOOK_LIMITS): WorkbookSize {
  let inflatedBytes = 0;
  const cells = new TagCounter(/<(?:[\w.-]+:)?c[\s>/]/g);
  const strings = new TagCounter(/<(?:[\w.-]+:)?si[\s>/]/g);
  const unzip = new Unzip((file) => {
    const counter = /^xl\/worksheets\/[^/]+\.xml$/i.test(file.name) ? cells : /^xl\/sharedStrings\.xml$/i.test(file.name) ? strings : null;
    file.ondata = (error, chunk) => {
      if (error) throw error;
      inflatedBytes += chunk.length;
      counter?.add(chunk);
      if (inflatedBytes > limits.inflatedBytes || cells.count > limits.cells || strings.count > limits.sharedStrings) throw new Passed();
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  try {
    for (let at = 0; at < bytes.length; at += 1 << 16) unzip.push(bytes.subarray(at, Math.min(bytes.length, at + (1 << 16))), at + (1 << 16) >= bytes.length);
  } catch (error) {
    if (!(error instanceof Passed)) throw error;
  }
  return { inflatedBytes, cells: cells.count, sharedStrings: strings.count };
}

/** The refusal of a workbook past a limit, saying what it holds and what to do; null when it may be read. */
export function workbookTooLarge(size: WorkbookSize, fileName: string, limits: WorkbookLimits = WORKBOOK_LIMITS): UserError | null {
  const n = (value: number): string => value.toLocaleString('en-US');
  const what =
    size.cells > limits.cells
      ? `more than ${n(limits.cells)} cells`
      : size.sharedStrings > limits.sharedStrings
        ? `more than ${n(limits.sharedStrings)} different texts`
        : size.inflatedBytes > limits.inflatedBytes
          ? `more than ${Math.round(limits.inflatedBytes / 1024 / 1024)} MB once unpacked`
          : null;
  if (what === null) return null;
  return new UserError(
    'workbook_too_large',
    `${fileName} holds ${what}, more than SimFleet reads from one workbook. ` +
      `Export the sheet with the ICCIDs as CSV (SimFleet reads lists of ${MAX_IMPORT_ICCIDS} that way), or split the workbook.`,
  );
}
