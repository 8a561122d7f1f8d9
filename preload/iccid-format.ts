/**
 * How an ICCID is shown to people, the same in main (findings, labels, ZPL) and in the
 * renderer (tables, scan answers): groups of four, as printed on cards.
 */

/** `8901 2603 9719 0195 850`. */
export function groupIccid(iccid: string): string {
  return iccid.replace(/(.{4})(?=.)/g, '$1 ');
}
