/**
 * Bytes to text: UTF-8 with or without BOM, UTF-16LE/BE with BOM (Excel's "Unicode
 * text"), and Windows-1252 when the bytes are not valid UTF-8. Binary files are
 * recognised and refused rather than imported as garbage.
 */
import { isUtf8 } from 'node:buffer';
import { UserError } from '../errors/user-error';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  /** The text as UTF-8 bytes without a BOM: the original bytes when they were UTF-8 already (no copy of a 50 MB list). */
  readonly utf8: Buffer;
  readonly encoding: TextEncodingName;
  readonly bom: boolean;
}

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const reencode = (text: string): Buffer => Buffer.from(text, 'utf8');

/** Separators scanners write into text (GS1's group separator, ISO/IEC 15434's FS, RS and EOT): text, not binary. */
const SCANNER_SEPARATORS: ReadonlySet<number> = new Set([0x04, 0x1c, 0x1d, 0x1e]);

function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, Math.min(bytes.length, 8192));
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if ((b < 9 || (b > 13 && b < 32)) && !SCANNER_SEPARATORS.has(b)) control++;
  }
  return control > sample.length * 0.02;
}

/** Decodes a file's bytes, or explains (naming the file) why it is not text. */
export function decodeText(bytes: Uint8Array, fileName: string): DecodedText {
  if (bytes.length === 0) throw new UserError('empty_file', `${fileName} is empty (0 bytes). Export the list again and check that the file has content.`);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { utf8: asBuffer(bytes.subarray(3)), encoding: 'utf-8', bom: true };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { utf8: reencode(new TextDecoder('utf-16le').decode(bytes.subarray(2))), encoding: 'utf-16le', bom: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { utf8: reencode(new TextDecoder('utf-16be').decode(bytes.subarray(2))), encoding: 'utf-16be', bom: true };
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new UserError(
      'not_text',
      `${fileName} is a ZIP-based file (an Excel workbook or archive), not text. Save it as .xlsx and open that, or export the sheet as CSV.`,
    );
  }
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) {
    throw new UserError(
      'not_text',
      `${fileName} is a PDF. SimFleet needs the ICCID list as CSV, TXT or Excel; ask the vendor for the manifest in one of those.`,
    );
  }
  if (looksBinary(bytes)) {
    throw new UserError('not_text', `${fileName} is not a text file (it contains binary data). Open a CSV, TSV, TXT or .xlsx file with the ICCIDs.`);
  }
  // Checked in place: decoding 50 MB to a string only to check it would double the memory.
  if (isUtf8(bytes)) return { utf8: asBuffer(bytes), encoding: 'utf-8', bom: false };
  return { utf8: reencode(new TextDecoder('windows-1252').decode(bytes)), encoding: 'windows-1252', bom: false };
}
