/**
 * Import speed and memory: lists of 100,000 and 2.4 million ICCIDs (about 50 MB, the
 * largest SimFleet takes) through SimFleet's whole import (decode, delimiter sniffing,
 * csv-parse, column detection, validation, duplicate and history checks) against
 * csv-parse alone parsing the same bytes, each in a fresh process of this one run.
 * Targets (docs/import.md): time ≤ 1.5× csv-parse; peak RSS ≤ 10× the file size.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { luhnCheckDigit } from '../main/import/iccid';

interface Measure {
  readonly ms: number;
  readonly maxRssMb: number;
}

/** A carton manifest: ICCIDs in order, or shuffled (the duplicate check cannot take its sorted-list shortcut). */
function makeFile(path: string, rows: number, shuffled: boolean): void {
  const iccids: string[] = [];
  for (let i = 0; i < rows; i++) {
    const body = `8901260${String(i * 7 + 1).padStart(11, '0')}`;
    iccids.push(body + luhnCheckDigit(body));
  }
  if (shuffled) {
    let seed = 42;
    for (let i = iccids.length - 1; i > 0; i--) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const j = seed % (i + 1);
      [iccids[i], iccids[j]] = [iccids[j]!, iccids[i]!];
    }
  }
  writeFileSync(path, `ICCID\r\n${iccids.join('\r\n')}\r\n`);
}

function measure(mode: string, file: string, dataDir: string): Measure {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'import-child.ts'), mode, file, dataDir], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Measure;
}

export async function benchImport(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-bench-import-'));
  try {
    const idle = measure('idle', '', dir);
    console.log(`import: an idle process (Node and tsx) peaks at ${idle.maxRssMb.toFixed(0)} MB; RSS ratios below are peak RSS / file size`);
    for (const [rows, shuffled] of [
      [100_000, false],
      [2_400_000, false],
      [2_400_000, true],
    ] as const) {
      const file = join(dir, `list-${rows}-${shuffled ? 'shuffled' : 'ordered'}.csv`);
      makeFile(file, rows, shuffled);
      const mb = statSync(file).size / 1024 / 1024;
      const base = measure('csv-parse', file, dir);
      const check = measure('check', file, dir);
      const app = measure('app', file, dir);
      console.log(`import: ${rows.toLocaleString()} ICCIDs ${shuffled ? 'shuffled' : 'in order'} (${mb.toFixed(1)} MB), each in a fresh process`);
      console.log(`  csv-parse alone           ${base.ms.toFixed(0).padStart(6)} ms, peak RSS ${base.maxRssMb.toFixed(0)} MB`);
      for (const [name, m] of [
        ['simfleet check (CLI)', check],
        ['app import (contract)', app],
      ] as const) {
        console.log(
          `  ${name.padEnd(25)} ${m.ms.toFixed(0).padStart(6)} ms, peak RSS ${m.maxRssMb.toFixed(0)} MB: ` +
            `time ${(m.ms / base.ms).toFixed(2)}× csv-parse (target ≤ 1.5), RSS ${(m.maxRssMb / mb).toFixed(1)}× the file (target ≤ 10)`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
