/**
 * The label worker (docs/printing.md, "Fast labels"): a 10,000-label PDF is made on its
 * own thread and streamed out page by page while this thread stays free; its failures
 * come back as errors the user can act on, and a worker that dies is started again.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { labelJobs, pdfBytes } from '../../main/labels/label-jobs';
import { writeLabelFile } from '../../main/labels/label-files';
import { BUILT_IN_STOCKS } from '../../main/labels/stocks';
import { luhnCheckDigit } from '../../main/import/iccid';
import { cachedSymbols, qrGeometry } from '../../main/labels/symbols';

const stock = BUILT_IN_STOCKS.find((s) => s.id === 'avery-5160')!;
const options = { qr: 'compact', barcode: true, practice: true, dpi: 300 } as const;
const jobs = labelJobs();
afterAll(() => jobs.close());

function sims(count: number, from = 0) {
  return Array.from({ length: count }, (_, k) => {
    const body = `8901260${String(from + k).padStart(8, '0')}7777`;
    return { iccid: body + luhnCheckDigit(body), number: `+1801${String(5_000_000 + k)}`, nid: `NID-${k}`, lpa: null };
  });
}

describe('the label worker', () => {
  it('streams a 10,000-label PDF page by page while this thread keeps running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-worker-'));
    const chunks: Uint8Array[] = [];
    let received = 0;
    /** Bytes received when each page was announced. */
    const bytesAtPage: number[] = [];
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    try {
      const result = await jobs.pdf(
        { stock, data: sims(10_000), options },
        {
          chunk: (bytes) => {
            chunks.push(bytes);
            received += bytes.length;
          },
          page: (done, total) => {
            expect(total).toBe(334);
            bytesAtPage.push(received);
            expect(bytesAtPage).toHaveLength(done);
          },
        },
      );
      expect(result.pages).toBe(334);
    } finally {
      loop.disable();
      clearInterval(ticker);
    }
    // Every page arrived with its bytes, in order, long before the end.
    expect(bytesAtPage).toHaveLength(334);
    expect(bytesAtPage[0]).toBeGreaterThan(0);
    for (let i = 1; i < 334; i++) expect(bytesAtPage[i]).toBeGreaterThan(bytesAtPage[i - 1]!);
    expect(bytesAtPage[0]! * 100).toBeLessThan(received);
    // This thread ran its timer all along (the work was elsewhere).
    expect(ticks).toBeGreaterThan(10);
    const out = join(dir, 'labels.pdf');
    writeFileSync(out, Buffer.concat(chunks));
    expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(execFileSync('pdfinfo', [out], { encoding: 'utf8' })).toMatch(/Pages:\s+334/);
    // Reported, not asserted: timing limits live in bench/ (npm run bench -- labels).
    console.log(`10,000 labels: longest event-loop stall on the calling thread ${(loop.max / 1e6).toFixed(1)} ms`);
  });

  it('a job the user must fix comes back as that error, leaves no file, and the worker goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-worker-'));
    const out = join(dir, 'lpa.pdf');
    await expect(writeLabelFile(jobs, { stock, data: sims(5), options: { ...options, qr: 'lpa' } }, 'pdf', out)).rejects.toMatchObject({ code: 'no_lpa' });
    expect(existsSync(out)).toBe(false);
    const ok = join(dir, 'ok.pdf');
    expect((await writeLabelFile(jobs, { stock, data: sims(3), options }, 'pdf', ok)).warnings).toEqual([]);
    expect(execFileSync('pdfinfo', [ok], { encoding: 'utf8' })).toMatch(/Pages:\s+1/);
    // No temporary file is left beside it, from the failed job or the finished one.
    expect(readdirSync(dir)).toEqual(['ok.pdf']);
  });

  it('a worker stopped mid-job fails that job with what to do, and the next job starts a new worker', async () => {
    const own = labelJobs();
    const job = pdfBytes(own, { stock, data: sims(3000, 50_000), options }, (done) => {
      if (done === 2) void own.close();
    });
    await expect(job).rejects.toMatchObject({ code: 'label_worker_failed' });
    const again = await pdfBytes(own, { stock, data: sims(2), options });
    expect(again.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await own.close();
  });

  it('lays out one page for the preview, the whole sheet as HTML for the print dialog, ZPL and QR images', async () => {
    const data = sims(31);
    const page = await jobs.page({ stock, data, options }, 1);
    expect(page.pages).toBe(2);
    expect(page.labels.map((l) => [l.page, l.iccid])).toEqual([[1, data[30]!.iccid]]);
    expect(page.labels[0]!.qrSymbol.rects).toBeInstanceOf(Int16Array);
    const { html } = await jobs.html({ stock, data, options });
    expect(html.match(/class="label"/g)).toHaveLength(31);
    const roll = BUILT_IN_STOCKS.find((s) => s.id === 'thermal-2x1')!;
    const { formats: zpl } = await jobs.zpl({ stock: roll, data, options: { dpi: 203, qr: 'iccid', practice: false, barcode: false } });
    expect(zpl).toHaveLength(31);
    expect(zpl[30]).toContain(`^FDHM,N${data[30]!.iccid}`);
    const zip = await jobs.images({ data: data.slice(0, 2), options: { format: 'svg', qr: 'iccid', practice: false } });
    expect(Buffer.from(zip.subarray(0, 2)).toString('latin1')).toBe('PK');
    await expect(jobs.zpl({ stock: roll, data, options: { dpi: 203, qr: 'lpa', practice: false, barcode: false } })).rejects.toMatchObject({ code: 'no_lpa' });
  });
});

describe('symbols', () => {
  it('are made once per content and cached', () => {
    const before = cachedSymbols().qr;
    const a = qrGeometry('89012600000000000001|+18015550100|NID-1');
    expect(qrGeometry('89012600000000000001|+18015550100|NID-1')).toBe(a);
    expect(cachedSymbols().qr).toBe(before + 1);
    expect(qrGeometry('89012600000000000002|+18015550100|NID-1')).not.toBe(a);
  });
});
