/**
 * Labels (docs/printing.md, "Fast labels"), all measured in this one run:
 * - 1,000 Avery 5160 labels (QR + Code 128) to PDF on the label worker, beside the
 *   time Chromium takes to print the same number of plain text pages (target ≤ 2×),
 *   and beside the old way (layout, then Chromium printing the label HTML);
 * - 10,000 labels: time and CPU per label against 1,000 (target: within 10%), the two
 *   sizes run in turn so that other work on a shared machine falls on both alike;
 * - the longest stall of the main thread's event loop while the 10,000 are made.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sheetHtml } from '../main/labels/html';
import { labelJobs, pdfBytes } from '../main/labels/label-jobs';
import { layoutLabels } from '../main/labels/layout';
import { BUILT_IN_STOCKS } from '../main/labels/stocks';
import { luhnCheckDigit } from '../main/import/iccid';
import { chromiumPdfRenderer } from '../tests/helpers/chromium-pdf';

const stock = BUILT_IN_STOCKS.find((s) => s.id === 'avery-5160')!;
const options = { qr: 'compact', barcode: true, practice: false, dpi: 300 } as const;

/** Distinct SIMs from `from`, so no run reuses another's cached symbols. */
function sims(count: number, from: number) {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const body = `8901260${String(i).padStart(8, '0')}8181`;
    return {
      iccid: body + luhnCheckDigit(body),
      number: `+1801${String(5_000_000 + i)}`,
      nid: `NID-${String(i).padStart(8, '0')}-ef65-46c9-8c66-96c98d42d9ca`,
      lpa: null,
    };
  });
}

const ms = (n: number): string => `${n.toFixed(0)} ms`;

export async function benchLabels(): Promise<void> {
  const chromium = chromiumPdfRenderer();
  const jobs = labelJobs();
  try {
    // Warm up Chromium, both workers and the encoders on other SIMs (the first job also starts the workers).
    await chromium.render('<p>warm</p>', { widthMm: 100, heightMm: 100 });
    let start = performance.now();
    await pdfBytes(jobs, { stock, data: sims(1000, 900_000), options });
    const coldMs = performance.now() - start;

    // Each side three times, the median kept: one slow run of either would decide the ratio.
    const median = (values: number[]): number => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
    const pdfRuns: number[] = [];
    let pdf: Buffer = Buffer.alloc(0);
    for (let run = 0; run < 3; run++) {
      const thousand = sims(1000, run * 10_000);
      start = performance.now();
      pdf = (await pdfBytes(jobs, { stock, data: thousand, options })).bytes;
      pdfRuns.push(performance.now() - start);
    }
    const pdfMs = median(pdfRuns);
    const pages = Math.ceil(1000 / (stock.columns * stock.rows));

    start = performance.now();
    await pdfBytes(jobs, { stock, data: sims(1000, 0), options });
    const cachedMs = performance.now() - start;

    const plain =
      '<!doctype html><html><head><style>@page { size: 215.9mm 279.4mm; margin: 0 } ' +
      '.p { width: 215.9mm; height: 279.4mm; page-break-after: always; font: 12pt sans-serif; padding: 20mm; box-sizing: border-box }</style></head><body>' +
      `${Array.from({ length: pages }, (_, i) => `<div class="p">Plain page ${i + 1}</div>`).join('')}</body></html>`;
    const plainRuns: number[] = [];
    for (let run = 0; run < 3; run++) {
      start = performance.now();
      await chromium.render(plain, { widthMm: stock.pageWidthMm, heightMm: stock.pageHeightMm });
      plainRuns.push(performance.now() - start);
    }
    const plainMs = median(plainRuns);

    const other = sims(1000, 100_000);
    start = performance.now();
    await chromium.render(sheetHtml(layoutLabels(stock, other, options)), { widthMm: stock.pageWidthMm, heightMm: stock.pageHeightMm });
    const oldWayMs = performance.now() - start;

    // 1,000 and 10,000 in turn, each measured in wall and process CPU (every thread):
    // the mean of each size is compared, so a burst of other work cannot decide it.
    const cpuMs = (): number => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    const perLabel = { small: [] as number[], big: [] as number[], smallCpu: [] as number[], bigCpu: [] as number[] };
    // A histogram of its own for each 10,000-label job (one enabled again would count the time it was off).
    const stalls = { max: 0, p99: 0 };
    let firstPageMs = 0;
    let bigBytes = 0;
    for (let run = 0; run < 2; run++) {
      for (const [size, from] of [
        [1000, 300_000 + run * 1000],
        [10_000, 400_000 + run * 10_000],
      ] as const) {
        const data = sims(size, from);
        const loop = monitorEventLoopDelay({ resolution: 1 });
        const cpu = cpuMs();
        start = performance.now();
        if (size === 10_000) loop.enable();
        const made = await pdfBytes(jobs, { stock, data, options }, (done) => {
          if (done === 1 && size === 10_000) firstPageMs = performance.now() - start;
        });
        const wall = performance.now() - start;
        if (size === 10_000) {
          loop.disable();
          stalls.max = Math.max(stalls.max, loop.max / 1e6);
          stalls.p99 = Math.max(stalls.p99, loop.percentile(99) / 1e6);
          bigBytes = made.bytes.length;
        }
        (size === 1000 ? perLabel.small : perLabel.big).push(wall / size);
        (size === 1000 ? perLabel.smallCpu : perLabel.bigCpu).push((cpuMs() - cpu) / size);
      }
    }
    const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
    const [small, big, smallCpu, bigCpu] = [mean(perLabel.small), mean(perLabel.big), mean(perLabel.smallCpu), mean(perLabel.bigCpu)];

    console.log(`labels: Avery 5160, QR (ICCID|number|NID) + Code 128, written as PDF on the label worker`);
    console.log(
      `  1,000 labels (${pages} pages, ${(pdf.length / 1024).toFixed(0)} KB): median ${ms(pdfMs)} of ${pdfRuns.map(ms).join(', ')}; ` +
        `again with every symbol cached ${ms(cachedMs)}`,
    );
    console.log(`  (the very first 1,000, starting both workers: ${ms(coldMs)})`);
    console.log(`  Chromium printing ${pages} plain pages: median ${ms(plainMs)} of ${plainRuns.map(ms).join(', ')}`);
    console.log(`  ratio labels / plain pages = ${(pdfMs / plainMs).toFixed(2)} (target ≤ 2)`);
    console.log(`  before (layout + Chromium printing the label HTML): ${ms(oldWayMs)}, ${(oldWayMs / pdfMs).toFixed(1)}× the time`);
    console.log(
      `  10,000 labels (${(bigBytes / 1024 / 1024).toFixed(1)} MB), first page out after ${ms(firstPageMs)}; per label, 1,000 and 10,000 in turn twice: ` +
        `wall ${big.toFixed(3)} vs ${small.toFixed(3)} ms, ratio ${(big / small).toFixed(2)}; CPU ${bigCpu.toFixed(3)} vs ${smallCpu.toFixed(3)} ms, ` +
        `ratio ${(bigCpu / smallCpu).toFixed(2)} (target ≤ 1.10)`,
    );
    console.log(
      `  main thread during the 10,000s: longest event-loop stall ${stalls.max.toFixed(1)} ms, ` + `99th percentile ${stalls.p99.toFixed(1)} ms (limit 50 ms)`,
    );
  } finally {
    await jobs.close();
    await chromium.close();
  }
}
