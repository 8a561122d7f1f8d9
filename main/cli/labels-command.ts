/**
 * `simfleet labels MAPPING.csv --stock ID --format html|pdf|zpl|png-zip|svg-zip --out FILE`
 * and `simfleet export BATCH_ID --format csv|xlsx --out FILE`: labels and mapping files,
 * headless. Exit 0 on success, 2 on bad usage or unreadable input.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { derive } from '../batch/derive';
import { readJournal } from '../batch/journal';
import { defaultDataRoot, environmentDir } from '../environment/paths';
import { UserError } from '../errors/user-error';
import { mappingCsvExport, mappingFileName, mappingXlsxExport } from '../export/mapping-export';
import { checkQrContent, type LabelData, type QrContent } from '../labels/content';
import { sheetHtml } from '../labels/html';
import { qrImagesZip } from '../labels/images-zip';
import { layoutLabels } from '../labels/layout';
import { chromiumPdfRenderer } from '../labels/pdf';
import { BUILT_IN_STOCKS } from '../labels/stocks';
import { labelsZpl } from '../labels/zpl';
import { openConfSettings } from '../settings/conf-settings';
import { printable } from './printable';
import { checkInputFile, checkOutputFile } from './paths-check';
import { MAX_IMPORT_BYTES } from '../../preload/views';
import { usageFailure } from './cli-errors';
import { DEFAULT_STOCK_ID } from '../../preload/constants';

const FORMATS = ['html', 'pdf', 'zpl', 'png-zip', 'svg-zip'] as const;
const QR: readonly QrContent[] = ['iccid', 'number', 'compact', 'lpa'];

/** Reads a SimFleet mapping CSV (app export or CLI mapping): provisioned rows with a number. */
export function readMappingCsv(text: string, name: string): { data: LabelData[]; practice: boolean } {
  let records: Array<Record<string, string>>;
  try {
    records = parse(text, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }) as Array<Record<string, string>>;
  } catch (error) {
    throw new UserError('unreadable_mapping', `${name} is not a readable CSV (${(error as Error).message}).`);
  }
  if (records.length === 0 || !('ICCID' in records[0]!) || !('PhoneNumber' in records[0]!)) {
    throw new UserError(
      'not_a_mapping',
      `${name} is not a SimFleet mapping file: it needs ICCID and PhoneNumber columns ` +
        `(export one from a batch, or use the file \`simfleet provision --out\` wrote).`,
    );
  }
  // Exports neutralise formula-like cells with a leading apostrophe; take it off again.
  const clean = (v: string | undefined): string => (v ?? '').replace(/^'(?=[=+\-@])/, '').trim();
  const data = records
    .filter((r) => (r['State'] === undefined || r['State'] === 'provisioned') && clean(r['PhoneNumber']) !== '')
    .map((r) => ({ iccid: clean(r['ICCID']), number: clean(r['PhoneNumber']), nid: clean(r['PhoneNumberId']) || null, lpa: clean(r['Lpa']) || null }));
  if (data.length === 0) throw new UserError('nothing_to_label', `${name} has no provisioned rows with a phone number.`);
  const practice = /^PRACTICE/i.test(name) || records.some((r) => r['Environment'] === 'PRACTICE');
  return { data, practice };
}

function usage(message: string): never {
  throw new UserError('usage', message);
}

export async function runLabelsCommand(args: readonly string[], write: (t: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  const err = (text: string): void => write(printable(text));
  const pdf = chromiumPdfRenderer();
  try {
    const { values: v, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        stock: { type: 'string', default: DEFAULT_STOCK_ID },
        format: { type: 'string' },
        out: { type: 'string' },
        qr: { type: 'string', default: 'compact' },
        dpi: { type: 'string', default: '300' },
        barcode: { type: 'boolean', default: false },
      },
    });
    const [file] = positionals;
    if (!file || !v.out || !v.format)
      usage(
        'Usage: simfleet labels MAPPING.csv --stock ID --format html|pdf|zpl|png-zip|svg-zip ' +
          '--out FILE [--qr iccid|number|compact|lpa] [--dpi 203|300] [--barcode]',
      );
    if (!(FORMATS as readonly string[]).includes(v.format!)) usage(`--format must be one of ${FORMATS.join(', ')}.`);
    if (!QR.includes(v.qr as QrContent)) usage(`--qr must be one of ${QR.join(', ')}.`);
    const stock =
      BUILT_IN_STOCKS.find((s) => s.id === v.stock) ?? usage(`Unknown --stock "${v.stock}". Choose one of: ${BUILT_IN_STOCKS.map((s) => s.id).join(', ')}.`);
    const dpi = Number(v.dpi);
    if (![203, 300, 600].includes(dpi)) usage('--dpi must be 203, 300 or 600.');
    // Checked before anything is read or written: no folder, FIFO or device as input, no output into a missing folder.
    const input = checkInputFile(file!, MAX_IMPORT_BYTES);
    checkOutputFile(v.out!);
    let text: string;
    try {
      text = await readFile(input, 'utf8');
    } catch {
      return usage(`Cannot read ${file}.`);
    }
    const { data, practice } = readMappingCsv(text, basename(file!));
    const qr = v.qr as QrContent;
    // `--qr lpa` encodes the Lpa column, never something else in its place.
    checkQrContent(data, qr);
    const out = resolve(v.out!);
    if (v.format === 'zpl') {
      if (dpi === 600) usage('ZPL is written for 203 or 300 dpi printers.');
      await writeFile(out, labelsZpl(stock, data, { dpi: dpi as 203 | 300, qr, practice }));
    } else if (v.format === 'png-zip' || v.format === 'svg-zip') {
      await writeFile(out, await qrImagesZip(data, { format: v.format === 'png-zip' ? 'png' : 'svg', qr }));
    } else {
      const sheet = await layoutLabels(stock, data, { qr, barcode: v.barcode ?? false, practice, dpi });
      for (const w of sheet.warnings) err(`warning: ${w}\n`);
      const html = sheetHtml(sheet);
      await writeFile(out, v.format === 'pdf' ? await pdf.render(html, { widthMm: stock.pageWidthMm, heightMm: stock.pageHeightMm }) : html);
    }
    err(`${data.length} label(s) written to ${out}${practice ? ' (PRACTICE)' : ''}.\n`);
    return 0;
  } catch (error) {
    return usageFailure('labels', error, err);
  } finally {
    await pdf.close();
  }
}

export async function runExportCommand(args: readonly string[], write: (t: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  const err = (text: string): void => write(printable(text));
  try {
    const { values: v, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { format: { type: 'string', default: 'csv' }, out: { type: 'string' }, 'data-dir': { type: 'string' } },
    });
    const [batchId] = positionals;
    if (!batchId || !v.out) usage('Usage: simfleet export BATCH_ID --format csv|xlsx --out FILE [--data-dir DIR]');
    if (v.format !== 'csv' && v.format !== 'xlsx') usage('--format must be csv or xlsx.');
    if (!/^[\w-]+$/.test(batchId!)) usage(`"${batchId}" is not a batch ID.`);
    const dataRoot = v['data-dir'] ?? defaultDataRoot();
    const environment = openConfSettings(dataRoot).read().environment;
    const state = derive(await readJournal(join(environmentDir(dataRoot, environment), 'batches', `${batchId}.jsonl`)));
    const rows = state.rows.map((r, i) => ({ ...r, iccid: state.header.rows[i]!.iccid }));
    const out = resolve(v.out!);
    const { name } = state.header;
    await writeFile(
      out,
      v.format === 'csv' ? mappingCsvExport(rows, name, state.header.environment) : await mappingXlsxExport(rows, name, state.header.environment),
    );
    err(
      `Mapping of "${name}" (${rows.length} rows) written to ${out}; suggested name ` +
        `${mappingFileName(name, state.header.environment, v.format as 'csv' | 'xlsx')}.\n`,
    );
    return 0;
  } catch (error) {
    return usageFailure('export', error, err);
  }
}
