/**
 * ZPL II for Zebra thermal printers: one label per SIM, native QR (^BQ) and text
 * fields, laid out in printer dots for 203 or 300 dpi.
 */
import { checkQrContent, groupIccid, nationalFormat, qrText, type LabelData, type QrContent } from './content';
import { qrGeometry } from './symbols';
import type { LabelStock } from './stocks';

export type ZplDpi = 203 | 300;

/** Field data must not contain the ZPL command prefixes; strip them and control characters. */
function fd(text: string): string {
  return [...text].filter((c) => c !== '^' && c !== '~' && c.charCodeAt(0) >= 32).join('');
}

export interface ZplOptions {
  readonly dpi: ZplDpi;
  readonly qr: QrContent;
  readonly practice: boolean;
}

/** A whole job: every label's format, one after another. */
export function labelsZpl(stock: LabelStock, data: readonly LabelData[], options: ZplOptions): string {
  return zplJob(labelFormats(stock, data, options));
}

/** The formats as one file. */
export function zplJob(formats: readonly string[]): string {
  return `${formats.join('\n')}\n`;
}

/** One `^XA…^XZ` format per label, so a job can be sent, confirmed and reprinted label by label. */
export function labelFormats(stock: LabelStock, data: readonly LabelData[], options: ZplOptions): string[] {
  checkQrContent(data, options.qr);
  const dots = (mm: number): number => Math.round((mm / 25.4) * options.dpi);
  const w = dots(stock.labelWidthMm);
  const h = dots(stock.labelHeightMm);
  const pad = dots(Math.min(2, stock.labelHeightMm * 0.06));
  const wide = stock.labelWidthMm / stock.labelHeightMm >= 1.4;
  const qrBox = wide ? Math.min(h - 2 * pad, Math.round(w * 0.42)) : Math.min(w - 2 * pad, Math.round(h * 0.55));
  const out: string[] = [];
  for (const d of data) {
    const payload = qrText(d, options.qr);
    // ^BQ magnification = dots per module; the quiet zone comes from the surrounding blank label.
    const mag = Math.max(1, Math.min(10, Math.floor(qrBox / qrGeometry(payload).width)));
    const tx = wide ? pad + qrBox + pad : pad;
    let ty = wide ? pad : pad + qrBox + pad;
    const big = Math.max(16, Math.min(dots(6), Math.round((wide ? h : h - qrBox) * 0.2)));
    const small = Math.round(big * 0.72);
    const lines: string[] = [];
    const room = w - tx - pad;
    const text = (value: string, size: number): void => {
      // Font 0 glyphs are about 0.55 of their height wide: shrink a line until it fits.
      const h = Math.max(12, Math.min(size, Math.floor(room / (value.length * 0.55))));
      lines.push(`^FO${tx},${ty}^A0N,${h},${h}^FD${fd(value)}^FS`);
      ty += Math.round(h * 1.2);
    };
    if (d.number) text(nationalFormat(d.number), big);
    text(groupIccid(d.iccid), small);
    if (d.nid) text(d.nid, Math.round(small * 0.8));
    if (options.practice) text('PRACTICE - NOT ACTIVE', Math.round(small * 0.8));
    out.push(
      [
        '^XA',
        '^CI28',
        `^PW${w}`,
        `^LL${h}`,
        '^LH0,0',
        // ^BQ places the symbol's top about 10 dots below ^FO; the offset keeps it on the label.
        `^FO${pad},${wide ? Math.max(0, Math.round((h - qrBox) / 2) - 10) : Math.max(0, pad - 10)}^BQN,2,${mag}^FDMA,${fd(payload)}^FS`,
        ...lines,
        '^PQ1',
        '^XZ',
      ].join('\n'),
    );
  }
  return out;
}
