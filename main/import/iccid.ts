/**
 * ICCIDs are strings from end to end: never parsed as numbers (a JavaScript number
 * keeps 15–17 significant digits; an ICCID has 18–22). This module normalises what
 * people and scanners type and recognises the ways Excel damages the digits.
 */

/** What a raw cell turned into. */
export type IccidReading =
  | { readonly kind: 'ok'; readonly iccid: string }
  | { readonly kind: 'empty' }
  | { readonly kind: 'scientific' }
  | { readonly kind: 'decimal' }
  | { readonly kind: 'not_digits'; readonly offending: string }
  | { readonly kind: 'bad_length'; readonly iccid: string };

export const MIN_ICCID_LENGTH = 18;
export const MAX_ICCID_LENGTH = 22;

const CLEAN = /^\d{18,22}$/;
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$/;
const DECIMAL = /^\d+[.,]\d+$/;
// Spaces and dashes people type inside an ICCID. Never a tab, CR, LF or other delimiter
// candidate: one of those inside a cell means the columns were split wrongly, and it must
// show as damage rather than glue two cells into one long "ICCID" (docs/import.md).
const SEPARATORS = /[ \u00a0\u2009\u202f-]+/g;
/** AIM symbology identifiers some scanners prepend: `]` + letter + one modifier character. */
const SYMBOLOGY_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;

/** Removes a scanner's AIM symbology identifier (`]C0`, `]Q1`, …) if present. */
export function stripSymbologyPrefix(text: string): string {
  return text.replace(SYMBOLOGY_PREFIX, '');
}

/**
 * Reads one cell: spaces, dashes and Excel's leading apostrophe are dropped, one
 * trailing `F` filler is removed; scientific notation and decimals are damage.
 */
export function readIccid(raw: string): IccidReading {
  // Fast path: the common case of a clean cell.
  if (CLEAN.test(raw)) return { kind: 'ok', iccid: raw };
  // Scanner output pasted into a file keeps its AIM identifier (`]C0`, `]Q1`, GS1 `]C1`)
  // and GS1 group separators: stripped here as in scan mode (docs/import.md).
  let text = stripSymbologyPrefix(raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ''))
    .split('\u001d')
    .join('')
    .replace(/^'/, '')
    .replace(/^="(.*)"$/, '$1');
  if (text === '') return { kind: 'empty' };
  if (SCIENTIFIC.test(text.replace(SEPARATORS, ''))) return { kind: 'scientific' };
  text = text.replace(SEPARATORS, '');
  if (DECIMAL.test(text)) return { kind: 'decimal' };
  if (/^\d+[fF]$/.test(text)) text = text.slice(0, -1);
  const offending = /[^0-9]/.exec(text);
  if (offending) return { kind: 'not_digits', offending: offending[0] };
  if (text.length < MIN_ICCID_LENGTH || text.length > MAX_ICCID_LENGTH) return { kind: 'bad_length', iccid: text };
  return { kind: 'ok', iccid: text };
}

/** Whether the last digit is a valid Luhn check digit over the whole string (ISO/IEC 7812). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** The check digit that would make `body` Luhn-valid (for tests and fixture makers). */
export function luhnCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return String(d);
  throw new Error('unreachable');
}

/** Whether the digits after the 15th are all zeros: what Excel leaves of a long number. */
export function zeroFilledTail(iccid: string): boolean {
  if (iccid.length <= 15) return false;
  for (let i = 15; i < iccid.length; i++) if (iccid.charCodeAt(i) !== 48) return false;
  return true;
}

/** Groups of four for reading aloud and on labels (one definition, shared with the renderer). */
export { groupIccid } from '../../preload/iccid-format';
