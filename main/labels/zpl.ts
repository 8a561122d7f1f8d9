/**
 * ZPL II for Zebra thermal printers: one format per label, drawn from the same layout as
 * the PDF and the preview (layout.ts, print-geometry.ts) converted to the printer's dots,
 * with the printer's own QR code (^BQ) and Code 128 (^BC) (docs/printing.md, "Symbols that scan",
 * "Formats and stocks").
 */
import { zplRefusal, type PrinterDpi } from '../../preload/printer-resolution';
import { UserError } from '../errors/user-error';
import type { LabelData, QrContent } from './content';
import { layoutLabels, LINE_HEIGHT, type PlacedLabel } from './layout';
import { dotGrid, QR_QUIET_ZONE, toDots, type DotGrid } from './print-geometry';
import type { LabelStock } from './stocks';

/** How far below its ^FO a ^BQN symbol starts. */
export const ZPL_QR_DROP_DOTS = 10;

/** Field data must not contain the ZPL command prefixes; strip them and control characters. */
function fd(text: string): string {
  return [...text].filter((c) => c !== '^' && c !== '~' && c.charCodeAt(0) >= 32).join('');
}

export interface ZplOptions {
  readonly dpi: PrinterDpi;
  readonly qr: QrContent;
  readonly practice: boolean;
  /** A Code 128 of the ICCID under the text, as on the PDF. */
  readonly barcode: boolean;
}

/** One format per label, and what the layout had to say (a barcode that does not fit, …). */
export interface ZplFormats {
  readonly formats: readonly string[];
  readonly warnings: readonly string[];
}

/** A whole job: every label's format, one after another. */
export function labelsZpl(stock: LabelStock, data: readonly LabelData[], options: ZplOptions): string {
  return zplJob(labelFormats(stock, data, options).formats);
}

/** The formats as one file. */
export function zplJob(formats: readonly string[]): string {
  return `${formats.join('\n')}\n`;
}

/** The label's QR code: ^BQ draws no quiet zone, so the field starts inside the box's white border. */
function qrField(label: PlacedLabel, grid: DotGrid): string {
  const dots = label.qrDots;
  const inset = QR_QUIET_ZONE * dots;
  const x = toDots(label.qr.xMm, grid) + inset;
  // Zebra firmware prints a ^BQN symbol 10 dots below its ^FO (the renderer in the tests does too).
  const y = toDots(label.qr.yMm, grid) + inset - ZPL_QR_DROP_DOTS;
  const { errorCorrection: ecc, mode } = label.qrSymbol;
  // Manual input in the layout's one mode (N, A, or B with the byte count), so the printer
  // makes the same version (symbols.ts). The text goes as it is, every byte: what ZPL would
  // read as a command or outside printable ASCII is written as _XX under ^FH.
  const bytes = Buffer.from(label.qrText, 'utf8');
  const data = [...bytes]
    .map((b) => (b < 0x20 || b > 0x7e || b === 0x5e || b === 0x7e || b === 0x5f ? `_${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b)))
    .join('');
  const field = mode === 'numeric' ? `N${data}` : mode === 'alphanumeric' ? `A${data}` : `B${String(bytes.length).padStart(4, '0')}${data}`;
  return `^FO${x},${y}^BQN,2,${dots},${ecc}^FH_^FD${ecc}M,${field}^FS`;
}

function barcodeField(label: PlacedLabel, grid: DotGrid): string | null {
  if (!label.barcode || !label.barcodeSymbol) return null;
  const dots = label.barcodeDots;
  const height = toDots(label.barcode.heightMm, grid);
  // Mode A: the printer chooses the subsets (Code C for digit pairs), as the layout's encoder does.
  return `^BY${dots},3,${height}^FO${toDots(label.barcode.xMm, grid)},${toDots(label.barcode.yMm, grid)}^BCN,${height},N,N,N,A^FD${fd(label.iccid)}^FS`;
}

function textFields(label: PlacedLabel, grid: DotGrid): string[] {
  const fields: string[] = [];
  let top = label.text.yMm;
  for (const line of label.lines) {
    const size = Math.max(10, toDots(line.sizeMm, grid));
    // Font 0 has no middle dot.
    fields.push(`^FO${toDots(label.text.xMm, grid)},${toDots(top, grid)}^A0N,${size},${size}^FD${fd(line.text.replace('·', '-'))}^FS`);
    top += line.sizeMm * LINE_HEIGHT;
  }
  return fields;
}

/** One `^XA…^XZ` format per label, so a job can be sent, confirmed and reprinted label by label. */
export function labelFormats(stock: LabelStock, data: readonly LabelData[], options: ZplOptions): ZplFormats {
  const refusal = zplRefusal(stock);
  if (refusal) throw new UserError('zpl_needs_roll', refusal);
  const sheet = layoutLabels(stock, data, { qr: options.qr, barcode: options.barcode, practice: options.practice, dpi: options.dpi, zebra: true });
  const grid = dotGrid(options.dpi, true);
  const formats = sheet.labels.map((label) =>
    [
      '^XA',
      '^CI28',
      `^PW${toDots(label.widthMm, grid)}`,
      `^LL${toDots(label.heightMm, grid)}`,
      '^LH0,0',
      qrField(label, grid),
      ...textFields(label, grid),
      ...[barcodeField(label, grid)].filter((field) => field !== null),
      '^PQ1',
      '^XZ',
    ].join('\n'),
  );
  return { formats, warnings: sheet.warnings };
}
