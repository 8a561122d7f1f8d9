/**
 * Workbooks built as a stream, for the decompression-bomb test and the workbook benchmark:
 * a valid .xlsx whose one sheet repeats a row `rows` times. Repetition deflates to almost
 * nothing, so a few megabytes hold millions of cells (docs/import.md, "Workbook limits").
 */
import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

const PARTS: ReadonlyArray<readonly [string, string]> = [
  [
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  ],
  ['_rels/.rels', `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
  ['xl/workbook.xml', `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="SIMs" sheetId="1" r:id="rId1"/></sheets></workbook>`],
  [
    'xl/_rels/workbook.xml.rels',
    `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
  ],
];

/** A workbook of `rows` rows of `columns` inline-text cells each (at most 26 columns), deflated as it is written. */
export function repeatedWorkbook(rows: number, columns: number, level: 1 | 6 | 9 = 6): Uint8Array {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else chunks.push(chunk);
  });
  const text = (s: string): Uint8Array => new TextEncoder().encode(s);
  for (const [name, body] of PARTS) {
    const part = new ZipDeflate(name, { level });
    zip.add(part);
    part.push(text(body), true);
  }
  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level });
  zip.add(sheet);
  sheet.push(text(`<worksheet xmlns="${MAIN}"><sheetData>`), false);
  const letters = Array.from({ length: columns }, (_, c) => String.fromCharCode(65 + (c % 26)));
  const batch = 10_000;
  for (let at = 0; at < rows; at += batch) {
    let xml = '';
    for (let r = at + 1; r <= Math.min(rows, at + batch); r++) {
      xml += `<row r="${r}">${letters.map((l) => `<c r="${l}${r}" t="inlineStr"><is><t>89012600000000000014</t></is></c>`).join('')}</row>`;
    }
    sheet.push(text(xml), false);
  }
  sheet.push(text('</sheetData></worksheet>'), true);
  zip.end();
  if (failure) throw failure;
  return Buffer.concat(chunks);
}

/**
 * A small workbook of these text rows, written as some libraries write them: with or without
 * the optional cell references (`r="A1"`), which exceljs needs.
 */
export function textWorkbook(rows: ReadonlyArray<readonly string[]>, references: boolean): Uint8Array {
  const xml = rows
    .map((cells, r) => {
      const row = references ? ` r="${r + 1}"` : '';
      const cellXml = cells.map((text, c) => `<c${references ? ` r="${String.fromCharCode(65 + c)}${r + 1}"` : ''} t="inlineStr"><is><t>${text}</t></is></c>`);
      return `<row${row}>${cellXml.join('')}</row>`;
    })
    .join('');
  const files: Record<string, Uint8Array> = Object.fromEntries(PARTS.map(([name, body]) => [name, strToU8(body)]));
  files['xl/worksheets/sheet1.xml'] = strToU8(`<worksheet xmlns="${MAIN}"><sheetData>${xml}</sheetData></worksheet>`);
  return zipSync(files);
}
