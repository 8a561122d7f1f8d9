/** What goes on one label: the QR payload, the human-readable lines, and the checks. */
import { UserError } from '../errors/user-error';
import { formatLineRanges } from '../../preload/line-ranges';

export type QrContent = 'iccid' | 'number' | 'compact' | 'lpa';

export interface LabelData {
  readonly iccid: string;
  readonly number: string | null;
  readonly nid: string | null;
  readonly lpa: string | null;
}

/** The text encoded in the QR code. An LPA label needs an LPA: `checkQrContent` refuses SIMs without one first. */
export function qrText(data: LabelData, content: QrContent): string {
  switch (content) {
    case 'iccid':
      return data.iccid;
    case 'number':
      return data.number ?? data.iccid;
    case 'compact':
      return `${data.iccid}|${data.number ?? ''}|${data.nid ?? ''}`;
    case 'lpa':
      return data.lpa ?? '';
  }
}

/**
 * Refuses labels whose QR would not hold what was asked for: an eSIM activation code
 * (LPA) label for a SIM without one would silently carry something else, and the eSIM
 * would not install from it. Physical SIMs have no LPA.
 */
export function checkQrContent(data: readonly LabelData[], content: QrContent): void {
  if (content !== 'lpa') return;
  const missing = data.filter((d) => d.lpa === null || d.lpa.trim() === '');
  if (missing.length === 0) return;
  const named = missing
    .slice(0, 3)
    .map((d) => d.iccid)
    .join(', ');
  throw new UserError(
    'no_lpa',
    `${missing.length} of ${data.length} SIM(s) have no eSIM activation code (LPA) (${named}${missing.length > 3 ? ', …' : ''}): ` +
      'Telegent returns one only for eSIMs. Choose another QR content (ICCID, number, or ICCID | number | NID), or leave those SIMs out.',
  );
}

/** +18015550123 → (801) 555-0123; other numbers unchanged. */
export function nationalFormat(e164: string | null): string {
  if (!e164) return '';
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

export { groupIccid } from '../../preload/iccid-format';

/** What is said of flagged SIMs left off the labels, by the Labels screen and `simfleet labels` alike. */
export function flaggedLeftOff(lines: readonly number[]): string {
  return (
    `${lines.length} SIM(s) left off the labels (line(s) ${formatLineRanges(lines)}): Telegent gave each of their numbers to another SIM too. ` +
    'Label them once Telegent confirms which SIM owns the number; they are listed under Needs attention on Batches.'
  );
}
