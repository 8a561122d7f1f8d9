/**
 * Imports one file in a process of its own, as the app's import service does, and prints one
 * JSON line: the refusal's code and message, or the rows read, the time taken and the peak RSS in MB. The
 * bomb test runs it with a capped heap, so a workbook read whole would crash it.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isUserError } from '../../main/errors/user-error';
import { createImportService } from '../../main/import/import-service';
import { NO_PURCHASES } from '../../main/purchases/purchase-log';

const file = process.argv[2]!;
const maxRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
const started = performance.now();
const ms = (): number => Math.round(performance.now() - started);
try {
  const view = await createImportService({ purchases: async () => NO_PURCHASES }).fromBytes(basename(file), readFileSync(file));
  process.stdout.write(`${JSON.stringify({ rows: view.summary.rows, ms: ms(), maxRssMb: maxRssMb() })}\n`);
} catch (error) {
  if (!isUserError(error)) throw error;
  process.stdout.write(`${JSON.stringify({ code: error.code, message: error.message, ms: ms(), maxRssMb: maxRssMb() })}\n`);
}
