/**
 * Import speed: 100,000 ICCIDs through SimFleet's whole import (decode, delimiter
 * sniffing, csv-parse, column detection, validation, duplicate and history checks)
 * against csv-parse alone parsing the same bytes, in the same run.
 */
import { parse } from 'csv-parse/sync';
import { NO_HISTORY } from '../main/history/provisioned-registry';
import { luhnCheckDigit } from '../main/import/iccid';
import { createImportService } from '../main/import/import-service';

const ROWS = 100_000;

function makeFile(): Uint8Array {
  const lines = ['ICCID,Customer,AreaCode'];
  for (let i = 0; i < ROWS; i++) {
    const body = `8901260${String(i * 7 + 1).padStart(8, '0')}4321`;
    lines.push(`${body}${luhnCheckDigit(body)},Acme Logistics,801`);
  }
  return new TextEncoder().encode(lines.join('\r\n'));
}

function best<T>(runs: number, fn: () => T): { ms: number; value: T } {
  let ms = Infinity;
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = fn();
    ms = Math.min(ms, performance.now() - start);
  }
  return { ms, value };
}

export async function benchImport(): Promise<void> {
  const bytes = makeFile();
  const text = new TextDecoder().decode(bytes);
  const baseline = best(5, () => parse(text, { delimiter: ',', bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown[]);

  const service = createImportService({ provisioned: () => NO_HISTORY });
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = heapBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  let ms = Infinity;
  let importable = 0;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const view = await service.fromFile('bench.csv', bytes);
    ms = Math.min(ms, performance.now() - start);
    importable = view.summary.importable;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  clearInterval(sampler);

  console.log(`import: ${ROWS.toLocaleString()} rows (${(bytes.length / 1024 / 1024).toFixed(1)} MB), best of 5`);
  console.log(`  csv-parse alone            ${baseline.ms.toFixed(0)} ms (${baseline.value.length} records)`);
  console.log(`  SimFleet import + validate ${ms.toFixed(0)} ms (${importable.toLocaleString()} importable)`);
  console.log(`  ratio import/csv-parse = ${(ms / baseline.ms).toFixed(2)} (target <= 1.5)`);
  console.log(`  rows per second = ${Math.round((ROWS / ms) * 1000).toLocaleString()}`);
  console.log(`  peak heap growth = ${((peak - heapBefore) / 1024 / 1024).toFixed(0)} MB`);
}
