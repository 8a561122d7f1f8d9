/**
 * `simfleet check FILE [--json]`: the import findings, headless. Exit 0 when at least
 * one row is importable and nothing is an error, 1 when there are errors (or nothing
 * to import), 2 when the file cannot be read at all or the usage is wrong.
 */
import { CHECK_OPTIONS } from './options';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Environment } from '../../preload/domain';
import { SETTINGS_FILE } from '../settings/store';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { defaultDataRoot, environmentDir } from '../environment/paths';
import { isUserError } from '../errors/user-error';
import { NO_PURCHASES, PurchaseLog } from '../purchases/purchase-log';
import { createImportService } from '../import/import-service';
import { MAX_IMPORT_BYTES } from '../../preload/views';
import { checkDataDirExists, checkInputFile } from './paths-check';
import { EXIT, parseCommandLine } from './grammar';
import { printable } from './printable';
import { resolveColumnOption } from '../import/column-option';

/** Exit codes (docs/cli.md, "Exit codes"): 0 importable and no errors; 1 errors or nothing importable; 2 refused; 4 internal; 5 all already provisioned. */
export const CHECK_EXIT = { ok: EXIT.done, errors: EXIT.inputErrors, refused: EXIT.refused, internal: EXIT.internal, nothingToDo: EXIT.nothingToDo } as const;

/** A list that was read, with a header and no SIM under it (an empty file is refused, exit 2). */
const EMPTY_LIST: ReadonlySet<string> = new Set(['no_rows']);

export async function runCheckCommand(
  args: readonly string[],
  write: (text: string) => void = (t) => process.stdout.write(t),
  writeErr: (text: string) => void = (t) => process.stderr.write(t),
): Promise<number> {
  // Values come from the file: nothing it contains may drive the terminal.
  const out = (text: string): void => write(printable(text));
  const err = (text: string): void => writeErr(printable(text));
  const json = args.includes('--json');
  try {
    return await check(args, out, err, json);
  } catch (error) {
    // A bug, not the file: its own exit code, and JSON when JSON was asked for.
    const message = `internal error (${error instanceof Error ? error.message : String(error)}); nothing was changed. Report it with the file.`;
    if (json) out(`${JSON.stringify({ readable: false, error: { code: 'internal', message } })}\n`);
    err(`simfleet check: ${message}\n`);
    return CHECK_EXIT.internal;
  }
}

async function check(args: readonly string[], out: (text: string) => void, err: (text: string) => void, json: boolean): Promise<number> {
  /** A refusal: JSON on stdout with --json, a sentence on stderr otherwise; exit 2. */
  const refuse = (file: string | null, code: string, message: string, exit: number = CHECK_EXIT.refused): number => {
    if (json) out(`${JSON.stringify({ file, readable: false, error: { code, message } })}\n`);
    else err(`simfleet check: ${message}\n`);
    return exit;
  };
  let parsed;
  try {
    parsed = parseCommandLine('check', CHECK_OPTIONS, args);
  } catch (error) {
    return refuse(null, 'usage', (error as Error).message);
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) return refuse(file ?? null, 'usage', `Give one list FILE. Run \`simfleet check --help\` for every option.`);
  let bytes: Buffer;
  // A check only reads: it never creates a data folder or its settings. A folder named on the
  // command line must exist (a typo would hide every SIM already provisioned); the app's own may
  // not exist yet on a new computer, and then nothing is provisioned.
  const named = parsed.values['data-dir'];
  const dataRoot = parsed.values['data-dir'] ?? defaultDataRoot();
  try {
    // A folder, FIFO or device is refused from its type, and an oversized file from its size, before reading.
    const path = checkInputFile(file, MAX_IMPORT_BYTES);
    if (named !== undefined) checkDataDirExists(named);
    bytes = await readFile(path);
  } catch (error) {
    if (!isUserError(error)) throw error;
    return refuse(file, error.code, error.message);
  }
  const purchases = existsSync(dataRoot) ? new PurchaseLog(environmentDir(dataRoot, environmentReadOnly(dataRoot))) : null;
  for (const d of (await purchases?.damage()) ?? []) {
    err(
      `warning: the purchase log ${purchases!.filePath} is damaged at line ${d.line} ` +
        `(${d.reason})${d.iccids.length > 0 ? `; ${d.iccids.join(', ')} will be looked up before any purchase` : ''}.\n`,
    );
  }
  const imports = createImportService({ purchases: async () => (purchases ? purchases.snapshot() : NO_PURCHASES) });
  const name = basename(file);
  let view;
  try {
    view = await imports.fromBytes(name, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (parsed.values.sheet !== undefined) view = await imports.setSheet({ id: view.id, sheet: parsed.values.sheet });
    if (parsed.values.column !== undefined) view = await imports.setColumn({ id: view.id, column: resolveColumnOption(parsed.values.column, view.columns) });
  } catch (error) {
    if (!isUserError(error)) throw error;
    // A header with no rows under it is a list with nothing importable: an input error, not a refusal.
    return refuse(file, error.code, error.message, EMPTY_LIST.has(error.code) ? CHECK_EXIT.errors : CHECK_EXIT.refused);
  }
  const s = view.summary;
  const exit = s.errors > 0 ? CHECK_EXIT.errors : s.importable > 0 ? CHECK_EXIT.ok : s.alreadyProvisioned > 0 ? CHECK_EXIT.nothingToDo : CHECK_EXIT.errors;
  if (json) {
    // Streamed: the head, then the findings a chunk at a time (a list can have millions;
    // one JSON.stringify of them all would not fit in memory).
    const head = JSON.stringify({
      file,
      readable: true,
      format: view.format,
      encoding: view.encoding,
      delimiter: view.delimiter,
      sheet: view.sheet,
      iccidColumn: view.columns[view.iccidColumn],
      overrideColumns: view.overrideColumns,
      notes: view.notes,
      summary: s,
    });
    out(`${head.slice(0, -1)},"findings":[`);
    let chunk: string[] = [];
    let first = true;
    const flush = (): void => {
      out(`${first ? '\n' : ',\n'}${chunk.join(',\n')}`);
      first = false;
      chunk = [];
    };
    for (const f of imports.findings(view.id)) {
      chunk.push(JSON.stringify({ line: f.line, column: f.column, value: f.value, severity: f.severity, code: f.code, message: f.message }));
      if (chunk.length === 5000) flush();
    }
    if (chunk.length > 0) flush();
    out(']}\n');
    return exit;
  }
  for (const note of view.notes) out(`${name}: note: ${note}\n`);
  for (const f of imports.findings(view.id)) out(`${name}:${f.line}: ${f.severity} [${f.code}] ${f.message.replace(/^Line \d+: /, '')}\n`);
  out(
    `${name}: ${s.rows} row(s): ${s.importable} importable (${s.ok} ok, ${s.warnings} with warnings), ${s.errors} error(s) ` +
      `(${s.duplicates} duplicate(s)), ${s.alreadyProvisioned} already provisioned. ` +
      `ICCID column: "${view.columns[view.iccidColumn]}"${view.sheet ? `, sheet "${view.sheet}"` : ''}.\n`,
  );
  return exit;
}

/**
 * The data folder's environment, read without writing anything: opening the settings store
 * would create settings.json where there is none, or set aside one from a newer SimFleet.
 * Anything unreadable reads as practice, whose purchases are the only ones a check of a
 * folder without settings could mean.
 */
function environmentReadOnly(dataRoot: string): Environment {
  try {
    const saved = JSON.parse(readFileSync(join(dataRoot, `${SETTINGS_FILE}.json`), 'utf8')) as { environment?: unknown };
    return saved.environment === 'production' ? 'production' : 'practice';
  } catch {
    return 'practice';
  }
}
