/**
 * `simfleet check FILE [--json]`: the import findings, headless. Exit 0 when at least
 * one row is importable and nothing is an error, 1 when there are errors (or nothing
 * to import), 2 when the file cannot be read at all or the usage is wrong.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataRoot, environmentDir } from '../environment/paths';
import { isUserError } from '../errors/user-error';
import { PurchaseLog } from '../purchases/purchase-log';
import { createImportService } from '../import/import-service';
import { openConfSettings } from '../settings/conf-settings';
import { MAX_IMPORT_BYTES } from '../../preload/views';
import { checkDataDir, checkInputFile } from './paths-check';
import { printable } from './printable';
import { resolveColumnOption } from '../import/column-option';

/** Exit codes (docs/cli.md): 0 importable and no errors; 1 errors; 2 refused (usage, unreadable file); 4 internal failure. */
export const CHECK_EXIT = { ok: 0, errors: 1, refused: 2, internal: 4 } as const;

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
  const refuse = (file: string | null, code: string, message: string): number => {
    if (json) out(`${JSON.stringify({ file, readable: false, error: { code, message } })}\n`);
    else err(`simfleet check: ${message}\n`);
    return CHECK_EXIT.refused;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, 'data-dir': { type: 'string' }, column: { type: 'string' }, sheet: { type: 'string' } },
    });
  } catch (error) {
    return refuse(null, 'usage', (error as Error).message);
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0)
    return refuse(file ?? null, 'usage', 'Usage: simfleet check FILE [--json] [--data-dir DIR] [--column NAME|NUMBER] [--sheet NAME]');
  let bytes: Buffer;
  let dataRoot: string;
  try {
    // A folder, FIFO or device is refused from its type, and an oversized file from its size, before reading.
    const path = checkInputFile(file, MAX_IMPORT_BYTES);
    dataRoot = checkDataDir(parsed.values['data-dir'] ?? defaultDataRoot());
    bytes = await readFile(path);
  } catch (error) {
    if (!isUserError(error)) throw error;
    return refuse(file, error.code, error.message);
  }
  const settings = openConfSettings(dataRoot);
  const purchases = new PurchaseLog(environmentDir(dataRoot, settings.read().environment));
  for (const d of await purchases.damage()) {
    err(
      `warning: the purchase log ${purchases.filePath} is damaged at line ${d.line} ` +
        `(${d.reason})${d.iccids.length > 0 ? `; ${d.iccids.join(', ')} will be looked up before any purchase` : ''}.\n`,
    );
  }
  const imports = createImportService({ purchases: () => purchases.snapshot() });
  const name = basename(file);
  let view;
  try {
    view = await imports.fromBytes(name, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (parsed.values.sheet !== undefined) view = await imports.setSheet({ id: view.id, sheet: parsed.values.sheet });
    if (parsed.values.column !== undefined) view = await imports.setColumn({ id: view.id, column: resolveColumnOption(parsed.values.column, view.columns) });
  } catch (error) {
    if (!isUserError(error)) throw error;
    return refuse(file, error.code, error.message);
  }
  const s = view.summary;
  const exit = s.errors === 0 && s.importable > 0 ? 0 : 1;
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
