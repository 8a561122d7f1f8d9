/**
 * Gives every cell of a workbook's sheets its reference (`r="B7"`). The reference is
 * optional in OOXML, and several libraries leave it out, but exceljs cannot read a sheet
 * without it. Used only for a workbook exceljs refused (docs/import.md), and only after its
 * size was checked (workbook-size.ts), so unpacking it whole is bounded.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function columnLetters(n: number): string {
  let letters = '';
  for (let left = n; left > 0; left = Math.floor((left - 1) / 26)) letters = String.fromCharCode(65 + ((left - 1) % 26)) + letters;
  return letters;
}

/** A sheet's XML with a reference on every row and cell that had none (counted on from the one before). */
export function referenceCells(xml: string): string {
  let row = 0;
  let column = 0;
  return xml.replace(/<((?:[\w.-]+:)?)(row|c)(\s[^>]*?)?(\/?)>/g, (tag: string, prefix: string, kind: string, attrs: string | undefined, close: string) => {
    const attributes = attrs ?? '';
    if (kind === 'row') {
      const given = /\sr="(\d+)"/.exec(attributes);
      row = given ? Number(given[1]) : row + 1;
      column = 0;
      return given ? tag : `<${prefix}row r="${row}"${attributes}${close}>`;
    }
    const given = /\sr="([A-Z]{1,3})\d+"/.exec(attributes);
    if (given) {
      column = columnNumber(given[1]!);
      return tag;
    }
    column += 1;
    return `<${prefix}c r="${columnLetters(column)}${row}"${attributes}${close}>`;
  });
}

/** The workbook with references added to its sheets, or null when every cell had one already. */
export function withCellReferences(bytes: Uint8Array): Uint8Array | null {
  const files = unzipSync(bytes);
  let changed = false;
  for (const name of Object.keys(files)) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/i.test(name)) continue;
    const xml = strFromU8(files[name]!);
    const referenced = referenceCells(xml);
    if (referenced === xml) continue;
    files[name] = strToU8(referenced);
    changed = true;
  }
  return changed ? zipSync(files, { level: 1 }) : null;
}
