// Prints one closing line for the whole suite from the vitest and Playwright JSON reports.
import { readFileSync } from 'node:fs';

const vitest = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
const pw = JSON.parse(readFileSync('test-results/playwright.json', 'utf8'));
const passed = vitest.numPassedTests + (pw.stats?.expected ?? 0);
const failed = vitest.numFailedTests + (pw.stats?.unexpected ?? 0) + (pw.stats?.flaky ?? 0);
const skipped = vitest.numPendingTests + vitest.numTodoTests + (pw.stats?.skipped ?? 0);
console.log(
  `Vitest ${vitest.numPassedTests}/${vitest.numTotalTests}, Playwright ` +
    `${pw.stats?.expected ?? 0}/${(pw.stats?.expected ?? 0) + (pw.stats?.unexpected ?? 0) + (pw.stats?.flaky ?? 0) + (pw.stats?.skipped ?? 0)}`,
);
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || skipped > 0 ? 1 : 0);
