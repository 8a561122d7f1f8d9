/**
 * `simfleet labels MAPPING.csv --stock ID --format html|pdf|zpl|png-zip|svg-zip --out FILE`,
 * `simfleet labels MAPPING.csv --format zpl --send tcp://HOST[:PORT] [--lines 2-10,15]`
 * and `simfleet export BATCH_ID --format csv|xlsx --out FILE`: labels and mapping files,
 * headless, and labels straight to a printer (docs/printing.md). Exit 0 on success (every
 * label sent), 3 when some labels may not have printed (their lines are named), 2 on bad
 * usage, unreadable input or a printer that is not ready.
 */
import { EXPORT_OPTIONS, LABELS_OPTIONS } from './options';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { fromCsvCell } from '../export/spreadsheet-safety';
import { defaultDataRoot, environmentDir } from '../environment/paths';
import { UserError } from '../errors/user-error';
import { checkQrContent, type LabelData, type QrContent } from '../labels/content';
import { LABEL_FILE_FORMATS, type LabelFileFormat } from '../labels/label-files';
import type { LabelsService, MappingLabels } from '../labels/labels-service';
import { flaggedLeftOff } from '../labels/content';
import { needsAttentionInMapping } from '../export/mapping-format';
import { parsePrinterAddress, type PrinterAddress } from '../printing/printer-address';
import { formatLineRanges, inLineRanges, parseLineRanges } from '../../preload/line-ranges';
import { openConfSettings } from '../settings/conf-settings';
import { openHeadlessServices, type HeadlessServices } from '../services/headless';
import { writeFileAtomic } from '../files/atomic-write';
import { printable } from './printable';
import { quoteArg } from './shell-quote';
import { progressLine, type ProgressLine } from './progress-line';
import { checkInputFile, checkOutputFile } from './paths-check';
import { MAX_IMPORT_BYTES } from '../../preload/views';
import { usageFailure } from './cli-errors';
import { parseCommandLine } from './grammar';
import { EXPORT_USAGE, LABELS_USAGE } from './usage';
import { ENVIRONMENT_MARK } from '../../preload/constants';
import type { Environment } from '../../preload/domain';
import { DEFAULT_DPI, DPI_RULE, isPrinterDpi, zplRefusal } from '../../preload/printer-resolution';
import { fileStem } from '../files/file-name';

const FORMATS = LABEL_FILE_FORMATS;
/** The columns of a mapping `labels` reads. */
const MAPPING_COLUMNS = ['ICCID', 'PhoneNumber', 'PhoneNumberId', 'Lpa', 'State', 'Message', 'Environment'] as const;
const QR: readonly QrContent[] = ['iccid', 'number', 'compact', 'lpa'];

/** What a mapping says of its SIMs' environment: every row's Environment cell, or null when it has no such column. */
function mappingEnvironment(parsed: ReadonlyArray<{ record: Record<string, string>; info: { lines: number } }>, name: string): Environment | null {
  if (!('Environment' in parsed[0]!.record)) return null;
  const seen = new Set<Environment>();
  for (const { record, info } of parsed) {
    // A row with no SIM on it (",,,," left by a spreadsheet) says nothing either way.
    if ((record['ICCID'] ?? '').trim() === '' && (record['PhoneNumber'] ?? '').trim() === '') continue;
    const cell = (record['Environment'] ?? '').trim().toUpperCase();
    const environment = (Object.keys(ENVIRONMENT_MARK) as Environment[]).find((e) => ENVIRONMENT_MARK[e] === cell);
    if (!environment) {
      throw new UserError(
        'unknown_environment',
        `${name} line ${info.lines}: the Environment is "${record['Environment'] ?? ''}"; ` +
          `it must be ${ENVIRONMENT_MARK.production} or ${ENVIRONMENT_MARK.practice}.`,
      );
    }
    seen.add(environment);
  }
  if (seen.size > 1) {
    throw new UserError(
      'mixed_environments',
      `${name} mixes ${ENVIRONMENT_MARK.production} and ${ENVIRONMENT_MARK.practice} rows: print the labels of each environment from its own mapping.`,
    );
  }
  return [...seen][0]!;
}

/**
 * Reads a SimFleet mapping CSV (app export or CLI mapping): provisioned rows with a number,
 * the file line of each, and whether its SIMs are practice ones. That is never guessed: it
 * comes from the Environment column, or from `--environment` for a file without one, and
 * the two must agree (docs/printing.md, "Practice labels").
 */
export function readMappingCsv(
  text: string,
  name: string,
  stated: Environment | null = null,
): { data: LabelData[]; lines: number[]; practice: boolean; warnings: string[] } {
  let parsed: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    // Header names as a spreadsheet may have left them (" environment"): matched to the columns SimFleet reads.
    const columns = (header: string[]): string[] =>
      header.map((name) => MAPPING_COLUMNS.find((known) => known.toLowerCase() === name.trim().toLowerCase()) ?? name.trim());
    parsed = parse(text, { columns, bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as typeof parsed;
  } catch (error) {
    throw new UserError('unreadable_mapping', `${name} is not a readable CSV (${(error as Error).message}).`);
  }
  const records = parsed.map((p) => p.record);
  if (records.length === 0 || !('ICCID' in records[0]!) || !('PhoneNumber' in records[0]!)) {
    throw new UserError(
      'not_a_mapping',
      `${name} is not a SimFleet mapping file: it needs ICCID and PhoneNumber columns ` +
        `(export one from a batch, or use the file \`simfleet provision --out\` wrote).`,
    );
  }
  const column = mappingEnvironment(parsed, name);
  if (column === null && stated === null) {
    throw new UserError(
      'environment_unknown',
      `${name} has no Environment column, so SimFleet cannot tell practice SIMs (whose labels are marked PRACTICE) from real ones: ` +
        'say which they are with --environment practice or --environment production, or use a mapping from `simfleet provision --out` ' +
        'or `simfleet export`, which carry the column.',
    );
  }
  if (column !== null && stated !== null && column !== stated) {
    throw new UserError(
      'environment_mismatch',
      `${name} says its SIMs are ${ENVIRONMENT_MARK[column]} (Environment column) but --environment says ${stated}: check which file this is.`,
    );
  }
  const clean = (v: string | undefined): string => fromCsvCell((v ?? '').trim());
  const withNumber = parsed.filter(({ record: r }) => (r['State'] === undefined || r['State'] === 'provisioned') && clean(r['PhoneNumber']) !== '');
  // A number Telegent gave two SIMs goes on no label (docs/exactly-once.md, "One number for two SIMs"), as on the Labels screen.
  const flagged = (r: Record<string, string>): boolean => r['State'] !== undefined && needsAttentionInMapping(r['State'], r['Message'] ?? '');
  const kept = withNumber.filter(({ record }) => !flagged(record));
  const left = withNumber.filter(({ record }) => flagged(record)).map(({ info }) => info.lines);
  const warnings = left.length > 0 ? [flaggedLeftOff(left)] : [];
  if (kept.length === 0 && left.length > 0) throw new UserError('nothing_to_label', `${name}: ${warnings[0]!}`);
  const data = kept.map(({ record: r }) => ({
    iccid: clean(r['ICCID']),
    number: clean(r['PhoneNumber']),
    nid: clean(r['PhoneNumberId']) || null,
    lpa: clean(r['Lpa']) || null,
  }));
  if (data.length === 0) throw new UserError('nothing_to_label', `${name} has no provisioned rows with a phone number.`);
  // The line a record ends on is the line of the file it sits on (a mapping has no multi-line cells).
  return { data, lines: kept.map(({ info }) => info.lines), practice: (column ?? stated) === 'practice', warnings };
}

function usage(message: string): never {
  throw new UserError('usage', message);
}

export async function runLabelsCommand(args: readonly string[], write: (t: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  const err = (text: string): void => write(printable(text));
  const progress = progressLine(write);
  let services: HeadlessServices | null = null;
  try {
    const { values: v, positionals } = parseCommandLine('labels', LABELS_OPTIONS, args);
    const [file, ...extra] = positionals;
    if (!file || !v.format || (!v.out && !v.send) || extra.length > 0)
      usage(`Give the MAPPING.csv, --format, and --out FILE or --send PRINTER.\n\n${LABELS_USAGE}`);
    if (v.out && v.send) usage('Write the labels to a file (--out) or send them to a printer (--send), not both.');
    const sendTo = v.send === undefined ? null : parsePrinterAddress(v.send);
    if (!(FORMATS as readonly string[]).includes(v.format!)) usage(`--format must be one of ${FORMATS.join(', ')}.`);
    if (!QR.includes(v.qr as QrContent)) usage(`--qr must be one of ${QR.join(', ')}.`);
    // A Zebra prints ZPL as it is told: at the wrong resolution labels come out 1.5 times too large or small, so it is never assumed.
    if (v.format === 'zpl' && v.dpi === undefined) usage("ZPL needs the Zebra's resolution: add --dpi 203, --dpi 300 or --dpi 600 (most Zebras are 203 dpi).");
    const dpi = Number(v.dpi ?? DEFAULT_DPI);
    if (!isPrinterDpi(dpi)) usage(`--dpi ${v.dpi}: ${DPI_RULE}`);
    if (v.environment !== undefined && v.environment !== 'practice' && v.environment !== 'production') usage('--environment must be practice or production.');
    const stated = (v.environment as Environment | undefined) ?? null;
    // Checked before anything is read or written: no folder, FIFO or device as input, no output into a missing folder.
    const input = checkInputFile(file!, MAX_IMPORT_BYTES);
    if (v.out) checkOutputFile(v.out);
    const dataRoot = v['data-dir'] ?? defaultDataRoot();
    if (v['data-dir'] !== undefined && !existsSync(dataRoot)) usage(`--data-dir ${dataRoot}: no such folder.`);
    // The app's labels service: its stocks (custom ones saved in Settings too), layout and files (docs/cli.md, "labels").
    services = openHeadlessServices({ dataRoot, host: 'cli' });
    const labels = services.labels;
    const stock = labels.stockOf(v.stock!);
    const zplProblem = v.format === 'zpl' ? zplRefusal(stock) : null;
    if (zplProblem) usage(`--stock ${stock.id}: ${zplProblem}`);
    let text: string;
    try {
      text = await readFile(input, 'utf8');
    } catch {
      return usage(`Cannot read ${file}.`);
    }
    const mapping = readMappingCsv(text, basename(file!), stated);
    const { data, lines } = v.lines === undefined ? mapping : pickMappingLines(mapping, v.lines, basename(file!));
    const { practice } = mapping;
    for (const w of mapping.warnings) err(`warning: ${w}\n`);
    const qr = v.qr as QrContent;
    // `--qr lpa` encodes the Lpa column, never something else in its place.
    checkQrContent(data, qr);
    const title = `SimFleet ${fileStem(basename(file!))}${practice ? ' PRACTICE' : ''}`;
    const job: MappingLabels = { data, lines, practice, title, stockId: stock.id, qr, barcode: v.barcode ?? false, dpi };
    if (sendTo) return await sendLabels(sendTo, job, { format: v.format!, file: file!, send: v.send!, args }, labels, err, progress);
    const out = resolve(v.out!);
    const made = await labels.mappingFile(job, v.format as LabelFileFormat, out, v.format === 'pdf' ? pageProgress(progress) : undefined);
    for (const w of made.warnings) err(`warning: ${w}\n`);
    err(`${data.length} label(s) written to ${out}${practice ? ' (PRACTICE)' : ''}.\n`);
    return 0;
  } catch (error) {
    progress.end();
    return usageFailure('labels', error, err);
  } finally {
    await services?.close();
  }
}

/** Page progress on a terminal ("PDF page 12 of 334…"). */
function pageProgress(progress: ProgressLine): (done: number, total: number) => void {
  return (done, total) => {
    progress.update(`PDF page ${done} of ${total}…`);
    if (done === total) progress.end();
  };
}

/** Keeps the mapping rows on the given file lines ("2-10, 15"), or refuses with what to do. */
function pickMappingLines(mapping: { data: LabelData[]; lines: number[] }, text: string, name: string): { data: LabelData[]; lines: number[] } {
  const parsed = parseLineRanges(text);
  if (!parsed.ok) usage(`--lines: ${parsed.message}`);
  const keep = mapping.lines.flatMap((line, i) => (inLineRanges(parsed.ranges, line) ? [i] : []));
  if (keep.length === 0) usage(`None of lines ${text.trim()} of ${name} is a provisioned SIM with a number.`);
  return { data: keep.map((i) => mapping.data[i]!), lines: keep.map((i) => mapping.lines[i]!) };
}

/**
 * Sends labels to a Zebra (ZPL) or a CUPS queue (PDF) and says what happened: 0 all sent
 * (or queued), 3 some may not have printed (with the lines and the command to reprint them).
 */
async function sendLabels(
  address: PrinterAddress,
  job: MappingLabels,
  command: {
    format: string;
    file: string;
    /** The --send value as given. */
    send: string;
    args: readonly string[];
  },
  labels: LabelsService,
  err: (text: string) => void,
  progress: ProgressLine,
): Promise<number> {
  if (address.kind === 'zebra') {
    if (command.format !== 'zpl') usage(`A Zebra printer takes ZPL: use --format zpl with --send ${command.send}.`);
  } else if (command.format !== 'pdf') usage(`A CUPS queue takes the PDF: use --format pdf with --send ${command.send}.`);
  const practice = job.practice ? ' (PRACTICE)' : '';
  const queue = address.kind === 'cups' ? address.queue : '';
  const outcome = await labels.mappingPrint(job, address, {
    onSent: (sent, total) => progress.update(`${sent} of ${total} label(s) sent…`),
    onLaidOut: (warnings) => warnings.forEach((w) => err(`warning: ${w}\n`)),
    onPdfPage: pageProgress(progress),
    onQueued: (jobId, warnings) => {
      for (const w of warnings) err(`warning: ${w}\n`);
      err(`${job.data.length} label(s) sent to the CUPS queue ${queue} as job ${jobId}${practice}; waiting for CUPS to print it…\n`);
    },
    cupsWaitMs: 30_000,
  });
  progress.end();
  if (outcome.kind === 'cups') {
    if (outcome.state === 'completed') {
      err(`Job ${outcome.jobId}: completed by CUPS.\n`);
      return 0;
    }
    if (outcome.state === 'pending') {
      err(`Job ${outcome.jobId} is still queued or printing; follow it with: lpstat -o ${queue}\n`);
      return 0;
    }
    err(
      `Job ${outcome.jobId} is no longer known to CUPS (cancelled or aborted). Lines ${formatLineRanges(job.lines)} of ${command.file} may not have printed.\n`,
    );
    return 3;
  }
  if (outcome.problem === null) {
    err(`${outcome.sent} label(s) sent to ${outcome.where}${practice}.\n`);
    return 0;
  }
  const lines = formatLineRanges(outcome.notConfirmed);
  // The same command with --lines: a kitting script can run it as it is once the printer is fixed.
  const others = command.args.filter((a, i) => a !== '--lines' && !a.startsWith('--lines=') && command.args[i - 1] !== '--lines');
  err(
    `${outcome.sent} of ${outcome.total} label(s) sent to ${outcome.where}; then ${outcome.problem}.\n` +
      `Lines ${lines} of ${command.file} may not have printed. Check the printer, then reprint them with:\n` +
      `  simfleet labels ${others.map((a) => quoteArg(a)).join(' ')} --lines ${quoteArg(lines.replaceAll(' ', ''))}\n`,
  );
  return 3;
}

export async function runExportCommand(args: readonly string[], write: (t: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  const err = (text: string): void => write(printable(text));
  try {
    const { values: v, positionals } = parseCommandLine('export', EXPORT_OPTIONS, args);
    const [batchId, ...extra] = positionals;
    if (!batchId || !v.out || extra.length > 0) usage(`Give one BATCH_ID and --out FILE.\n\n${EXPORT_USAGE}`);
    if (v.format !== 'csv' && v.format !== 'xlsx') usage('--format must be csv or xlsx.');
    if (!/^[\w-]+$/.test(batchId!)) usage(`"${batchId}" is not a batch ID.`);
    // Checked before anything is read: an --out into a missing folder, or that is a folder, is refused with what to do.
    const out = checkOutputFile(v.out!);
    const dataRoot = v['data-dir'] ?? defaultDataRoot();
    if (!existsSync(dataRoot)) usage(`--data-dir ${dataRoot}: no such folder, so no batch ${batchId} in it.`);
    const environment = openConfSettings(dataRoot).read().environment;
    if (!existsSync(join(environmentDir(dataRoot, environment), 'batches', `${batchId}.jsonl`))) {
      usage(`There is no batch ${batchId} in ${environmentDir(dataRoot, environment)} (the ${environment} data of ${dataRoot}).`);
    }
    // The same service as the app's Labels screen and provision's --out (docs/exports.md, "One mapping"): a damaged journal is read as the app reads it.
    const services = openHeadlessServices({ dataRoot, host: 'cli' });
    try {
      const file = await services.impl.exports.mapping({ batchId: batchId!, format: v.format as 'csv' | 'xlsx' });
      await writeFileAtomic(out, Buffer.from(file.base64, 'base64'), 0o644);
      err(`Mapping of batch ${batchId} written to ${out}; suggested name ${file.fileName}.\n`);
    } finally {
      await services.close();
    }
    return 0;
  } catch (error) {
    return usageFailure('export', error, err);
  }
}
