/**
 * One account audit measured in a fresh process, so its peak RSS is its own: the CLI's
 * `simfleet audit --json` against the simulator at URL, on the data folder DIR.
 * Prints one JSON line: { ms, maxRssMb, numbers, pages, findings, notOurs }.
 */
import { runAuditCommand } from '../main/cli/audit-command';

const [url, dataDir] = process.argv.slice(2) as [string, string];
let json = '';
let said = '';
const start = performance.now();
const exit = await runAuditCommand(
  ['--api-base', url, '--data-dir', dataDir, '--json'],
  (text) => (json += text),
  (text) => (said += text),
);
if (json === '') throw new Error(`the audit printed no report (exit ${exit}): ${said}`);
const ms = performance.now() - start;
const report = JSON.parse(json) as { numbersOnAccount: number; pages: number; findings: unknown[]; notOurs: number };
const { numbersOnAccount: numbers, pages, notOurs } = report;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ exit, ms, maxRssMb, numbers, pages, findings: report.findings.length, notOurs })}\n`);
