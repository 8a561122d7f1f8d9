/**
 * One import measured in a fresh process, so its peak RSS is its own: `csv-parse` (the
 * library alone, the baseline), `check` (the CLI's `simfleet check`), `app` (the app's
 * main-process path: the contract call with the file as base64, as the renderer sends it).
 * Prints one JSON line: { ms, maxRssMb }.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { runCheckCommand } from '../main/cli/check-command';
import { NO_PURCHASES } from '../main/purchases/purchase-log';
import { createImportService } from '../main/import/import-service';

const [mode, file, dataDir] = process.argv.slice(2) as [string, string, string];
// Warm-up on a three-line list: modules load lazily (csv-parse, exceljs), and a running app or CLI pays that once, not per list.
const warm = Buffer.from('ICCID\n89012600000000000014\n89012600000000000089\n');
parse(warm);
await createImportService({ purchases: async () => NO_PURCHASES }).fromBytes('warm.csv', warm);
const start = performance.now();
let rows = 0;
if (mode === 'idle') {
  rows = 0;
} else if (mode === 'csv-parse') {
  rows = (parse(readFileSync(file), { relax_column_count: true, skip_empty_lines: true }) as unknown[]).length;
} else if (mode === 'check') {
  await runCheckCommand(
    [file, '--data-dir', dataDir],
    () => undefined,
    () => undefined,
  );
} else if (mode === 'app') {
  const base64 = readFileSync(file).toString('base64');
  const view = await createImportService({ purchases: async () => NO_PURCHASES }).fromFile({ name: 'bench.csv', base64 });
  rows = view.summary.rows;
} else throw new Error(`unknown mode ${mode}`);
const ms = performance.now() - start;
process.stdout.write(`${JSON.stringify({ ms, rows, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
