/**
 * Printing through a real CUPS (docs/printing.md): a private cupsd started here with the
 * cups-pdf virtual printer. What CUPS wrote is rasterised and every QR decoded, with the
 * symbol edges within 0.3 mm of the stock geometry: that is where driver scaling shows.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../main/import/iccid';
import { layoutLabels } from '../../main/labels/layout';
import { BUILT_IN_STOCKS } from '../../main/labels/stocks';
import { cupsJobState, cupsQueues } from '../../main/printing/cups';
import { MemoryCredentialStore } from '../../main/credentials/credential-store';
import { openHeadlessServices } from '../../main/services/headless';
import { startCups, type CupsServer } from '../helpers/cups-server';
import { expectLabelsWhereTheStockSays } from '../helpers/pdf-labels';

let cups: CupsServer;
beforeAll(async () => {
  cups = await startCups();
});
afterAll(async () => {
  await cups?.stop();
});

const rows = Array.from({ length: 33 }, (_, i) => {
  const body = `8901260${String(5_000_000 + i).padStart(8, '0')}4343`;
  return { iccid: body + luhnCheckDigit(body), number: `+1801555${String(2000 + i)}`, nid: `NID-${String(i).padStart(4, '0')}`, lpa: null };
});

function simfleet(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/simfleet.mjs', ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

describe('CUPS queues', () => {
  it('lists the queues CUPS knows', async () => {
    expect((await cupsQueues(cups.env)).map((q) => q.name)).toContain(cups.queue);
  });

  it('prints 33 Avery 5160 labels through CUPS at true size: every QR decodes and lands within 0.3 mm', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-cups-job-'));
    const mapping = join(dir, 'PRACTICE-cups-run-mapping.csv');
    writeFileSync(
      mapping,
      ['ICCID,PhoneNumber,PhoneNumberId,State,Environment', ...rows.map((r) => `${r.iccid},'${r.number},${r.nid},provisioned,PRACTICE`)].join('\n'),
    );
    const r = await simfleet(['labels', mapping, '--stock', 'avery-5160', '--format', 'pdf', '--qr', 'compact', '--send', `cups:${cups.queue}`], cups.env);
    expect(r.status, r.stderr).toBe(0);
    const jobId = /as job ([\w-]+)/.exec(r.stderr)?.[1];
    expect(jobId).toMatch(new RegExp(`^${cups.queue}-\\d+$`));
    expect(r.stderr).toContain(`Job ${jobId}: completed by CUPS.`);
    expect(await cupsJobState(cups.queue, jobId!, cups.env)).toBe('completed');

    const printed = await cups.printed('SimFleet PRACTICE-cups-run-mapping PRACTICE');
    // The same layout the CLI made: what CUPS wrote must match it label for label.
    const stock = BUILT_IN_STOCKS.find((s) => s.id === 'avery-5160')!;
    const sheet = await layoutLabels(stock, rows, { qr: 'compact', barcode: false, practice: true, dpi: 300 });
    expect(sheet.pages).toBe(2);
    expectLabelsWhereTheStockSays(printed, sheet, 0.3, 'CUPS avery-5160');
  });

  it('refuses a queue CUPS does not have, and a ZPL job for a CUPS queue', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-cups-bad-'));
    const mapping = join(dir, 'm.csv');
    writeFileSync(mapping, ['ICCID,PhoneNumber,Environment', `${rows[0]!.iccid},'${rows[0]!.number},PRACTICE`].join('\n'));
    const missing = await simfleet(['labels', mapping, '--format', 'pdf', '--send', 'cups:NoSuchQueue'], cups.env);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('CUPS has no queue named NoSuchQueue');
    // CUPS stopped: lp says "The printer or class does not exist", but the queue is not to blame.
    const away = { ...cups.env, CUPS_SERVER: join(dir, 'no-cupsd.sock') };
    const stopped = await simfleet(['labels', mapping, '--format', 'pdf', '--send', `cups:${cups.queue}`], away);
    expect(stopped.status).toBe(2);
    expect(stopped.stderr).toContain('CUPS is not running, or cannot be reached: start it');
    expect(stopped.stderr).not.toContain('queue');
    const zpl = await simfleet(['labels', mapping, '--stock', 'thermal-2x1', '--format', 'zpl', '--dpi', '203', '--send', `cups:${cups.queue}`], cups.env);
    expect(zpl.status).toBe(2);
    expect(zpl.stderr).toContain('A CUPS queue takes the PDF: use --format pdf');
  });

  it('in the app: offers the queues, checks a saved queue and prints a batch to it', async () => {
    const previous = process.env['CUPS_SERVER'];
    process.env['CUPS_SERVER'] = cups.env['CUPS_SERVER'];
    const services = openHeadlessServices({
      dataRoot: mkdtempSync(join(tmpdir(), 'simfleet-cups-app-')),
      host: 'web-host',
      credentials: new MemoryCredentialStore(),
      simulator: { rateLimitPerMinute: 0 },
    });
    try {
      const labels = services.impl.labels;
      expect((await labels.cupsQueues()).map((q) => q.name)).toContain(cups.queue);
      await labels.savePrinter({ name: 'Office', address: `cups:${cups.queue}`, dpi: 300 });
      expect(await labels.printerStatus({ name: 'Office' })).toMatchObject({ ready: true, problems: [] });
      await labels.savePrinter({ name: 'Gone', address: 'cups:NoSuchQueue', dpi: 300 });
      expect(await labels.printerStatus({ name: 'Gone' })).toMatchObject({
        ready: false,
        problems: ['CUPS has no queue named NoSuchQueue (lpstat -e lists them)'],
      });

      await services.impl.settings.saveLimits({ rateLimitPerMinute: 6000, concurrency: 4 });
      const view = await services.impl.imports.fromText({ name: 'office.csv', text: ['ICCID', ...rows.slice(0, 3).map((r) => r.iccid)].join('\n') });
      const done = new Promise<void>((resolve) => {
        const off = services.events.subscribe((name, payload) => {
          if (name === 'batchProgress' && (payload as { status: string }).status === 'finished') {
            off();
            resolve();
          }
        });
      });
      const batch = await services.impl.batches.start({ importId: view.id, name: 'Office run' });
      await done;
      const report = await labels.send({ batchId: batch.id, stockId: 'avery-5163', qr: 'iccid', barcode: false, dpi: 300, printer: 'Office', skip: 0 });
      expect(report).toMatchObject({ total: 3, sent: 3, notConfirmed: '', problem: null });
      expect(report.message).toMatch(/^3 label\(s\) (printed by CUPS|queued) on Office/);
      const printed = await cups.printed('SimFleet Office run PRACTICE');
      const sheet = await layoutLabels(
        BUILT_IN_STOCKS.find((s) => s.id === 'avery-5163')!,
        rows.slice(0, 3),
        { qr: 'iccid', barcode: false, practice: true, dpi: 300 },
      );
      expectLabelsWhereTheStockSays(printed, sheet, 0.3, 'CUPS from the app');
    } finally {
      await services.close();
      if (previous === undefined) delete process.env['CUPS_SERVER'];
      else process.env['CUPS_SERVER'] = previous;
    }
  });
});
