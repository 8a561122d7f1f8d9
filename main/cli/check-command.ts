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
import { ProvisionedRegistry } from '../history/provisioned-registry';
import { createImportService } from '../import/import-service';
import { openConfSettings } from '../settings/conf-settings';
import { MAX_IMPORT_BYTES } from '../../preload/contract';
import { checkDataDir, checkInputFile } from './paths-check';
import { printable } from './printable';
import { resolveColumnOption } from '../import/column-option';

export async function runCheckCommand(
  args: readonly string[],
  write: (text: string) => void = (t) => process.stdout.write(t),
  writeErr: (text: string) => void = (t) => process.stderr.write(t),
): Promise<number> {
  // Values come from the file: nothing it contains may drive the terminal.
  const out = (text: string): void => write(printable(text));
  const err = (text: string): void => writeErr(printable(text));
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, 'data-dir': { type: 'string' }, column: { type: 'string' } },
    });
  } catch (error) {
    err(`simfleet check: ${(error as Error).message}\n`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) {
    err('Usage: simfleet check FILE [--json] [--data-dir DIR] [--column NAME|NUMBER]\n');
    return 2;
  }
  let bytes: Buffer;
  let dataRoot: string;
  try {
    // A folder, FIFO or device is refused from its type, and an oversized file from its size, before reading.
    const path = checkInputFile(file, MAX_IMPORT_BYTES);
    dataRoot = checkDataDir(parsed.values['data-dir'] ?? defaultDataRoot());
    bytes = await readFile(path);
  } catch (error) {
    if (!isUserError(error)) throw error;
    err(`simfleet check: ${error.message}\n`);
    return 2;
  }
  const settings = openConfSettings(dataRoot);
  const registry = new ProvisionedRegistry(environmentDir(dataRoot, settings.read().environment));
  for (const d of registry.damage()) {
    err(
      `warning: the purchase log ${registry.filePath} is damaged at line ${d.line} ` +
        `(${d.reason})${d.iccids.length > 0 ? `; ${d.iccids.join(', ')} will be looked up before any purchase` : ''}.\n`,
    );
  }
  const imports = createImportService({ provisioned: () => registry });
  const name = basename(file);
  let view;
  try {
    view = await imports.fromFile(name, new Uint8Array(bytes));
    if (parsed.values.column !== undefined) view = imports.setColumn(view.id, resolveColumnOption(parsed.values.column, view.columns));
  } catch (error) {
    if (!isUserError(error)) throw error;
    if (parsed.values.json) out(`${JSON.stringify({ file, readable: false, error: error.toValue() }, null, 2)}\n`);
    else err(`${error.message}\n`);
    return 2;
  }
  const s = view.summary;
  const exit = s.errors === 0 && s.importable > 0 ? 0 : 1;
  if (parsed.values.json) {
    out(
      `${JSON.stringify(
        {
          file,
          readable: true,
          format: view.format,
          encoding: view.encoding,
          delimiter: view.delimiter,
          iccidColumn: view.columns[view.iccidColumn],
          overrideColumns: view.overrideColumns,
          summary: s,
          findings: view.findings.map((f) => ({ line: f.line, column: f.column, value: f.value, severity: f.severity, code: f.code, message: f.message })),
        },
        null,
        2,
      )}\n`,
    );
    return exit;
  }
  for (const f of view.findings) out(`${name}:${f.line}: ${f.severity} [${f.code}] ${f.message.replace(/^Line \d+: /, '')}\n`);
  out(
    `${name}: ${s.rows} row(s): ${s.importable} importable (${s.ok} ok, ${s.warnings} with warnings), ${s.errors} error(s) ` +
      `(${s.duplicates} duplicate(s)), ${s.alreadyProvisioned} already provisioned. ICCID column: "${view.columns[view.iccidColumn]}".\n`,
  );
  return exit;
}
