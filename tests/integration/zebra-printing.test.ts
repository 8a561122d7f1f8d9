/** Straight to a networked Zebra printer (docs/printing.md), against a loopback stand-in. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../preload/views';
import { createDispatch } from '../../main/bridge/dispatch';
import { MemoryCredentialStore } from '../../main/credentials/credential-store';
import { parsePrinterAddress } from '../../main/printing/printer-address';
import { openHeadlessServices } from '../../main/services/headless';
import { sendToZebra, zebraStatus, type ZebraLabel } from '../../main/printing/zebra-client';
import { HostStatusReader, parseHostStatus, statusProblems } from '../../main/printing/zebra-status';
import { hostStatusAnswer, startFakeZebra, type FakeZebra } from '../helpers/fake-zebra';

const printers: FakeZebra[] = [];
afterEach(async () => {
  await Promise.all(printers.splice(0).map((p) => p.close()));
});
async function printer(): Promise<FakeZebra> {
  const p = await startFakeZebra();
  printers.push(p);
  return p;
}
const labels = (n: number): ZebraLabel[] => Array.from({ length: n }, (_, i) => ({ zpl: `^XA^FO10,10^FDLABEL ${i + 1}^FS^XZ`, line: i + 2 }));
const address = (p: FakeZebra) => parsePrinterAddress(p.url) as Extract<ReturnType<typeof parsePrinterAddress>, { kind: 'zebra' }>;

describe('Zebra host status', () => {
  it('reads every fault the printer reports, in words for the operator', () => {
    expect(statusProblems(parseHostStatus(hostStatusAnswer('ok'))!)).toEqual([]);
    expect(statusProblems(parseHostStatus(hostStatusAnswer('paper-out'))!)).toEqual(['it is out of labels: load a new roll and press Feed']);
    expect(statusProblems(parseHostStatus(hostStatusAnswer('ribbon-out'))!)).toEqual(['it is out of ribbon: load a new ribbon']);
    expect(statusProblems(parseHostStatus(hostStatusAnswer('head-open'))!)).toEqual(['its print head is open: close the head']);
    expect(statusProblems(parseHostStatus(hostStatusAnswer('paused'))!)).toEqual(['it is paused: press Pause on the printer to resume']);
    // Not all three strings yet: wait for the rest.
    expect(parseHostStatus(hostStatusAnswer('ok').slice(0, 40))).toBeNull();
  });

  it('reads an answer from a stream in bounded memory, whatever comes before it', () => {
    const reader = new HostStatusReader();
    const noise = `\x02${'7'.repeat(5000)}${'A'.repeat(65_536)}`;
    let held = 0;
    for (let i = 0; i < 300; i++) {
      expect(reader.push(noise)).toBeNull();
      held = Math.max(held, reader.held());
    }
    // 20 MB streamed, at most one too-long string's start kept.
    expect(held).toBeLessThanOrEqual(512);
    const answer = hostStatusAnswer('paper-out');
    expect(reader.push(answer.slice(0, 30))).toBeNull();
    expect(reader.push(answer.slice(30))).toMatchObject({ paperOut: true, headOpen: false });
  });

  it('asks a printer that streams 20 MB before its answer, and reads the answer', async () => {
    const p = await printer();
    p.faults = ['ribbon-out'];
    p.noiseBeforeAnswer = 20 * 1024 * 1024;
    expect(await zebraStatus(address(p))).toMatchObject({ ribbonOut: true, paperOut: false });
  });

  it('parses printer addresses and refuses what is not one', () => {
    expect(parsePrinterAddress('tcp://10.0.0.7')).toEqual({ kind: 'zebra', host: '10.0.0.7', port: 9100 });
    expect(parsePrinterAddress('tcp://zebra-3.local:6101')).toEqual({ kind: 'zebra', host: 'zebra-3.local', port: 6101 });
    expect(parsePrinterAddress('cups:Zebra_ZD421')).toEqual({ kind: 'cups', queue: 'Zebra_ZD421' });
    expect(() => parsePrinterAddress('http://10.0.0.7')).toThrow('is not a printer address');
    expect(() => parsePrinterAddress('tcp://10.0.0.7:70000')).toThrow('the port must be between 1 and 65535');
  });

  it('asks a printer how it is', async () => {
    const p = await printer();
    p.faults = ['head-open'];
    expect(await zebraStatus(address(p))).toMatchObject({ headOpen: true, paperOut: false });
  });
});

describe('sending labels to a Zebra printer', () => {
  it('sends every label in order, each chunk confirmed by a status answer', async () => {
    const p = await printer();
    const progress: number[] = [];
    const report = await sendToZebra(address(p), labels(60), { chunkSize: 25, onProgress: (sent) => progress.push(sent) });
    expect(report).toEqual({ total: 60, sent: 60, notConfirmed: [], problem: null });
    expect(p.formats).toEqual(labels(60).map((l) => l.zpl));
    expect(progress).toEqual([25, 50, 60]);
    // One check before the job, one after each chunk.
    expect(p.statusRequests).toBe(4);
  });

  for (const fault of ['paper-out', 'ribbon-out', 'head-open', 'paused'] as const) {
    it(`refuses to start when the printer reports ${fault}, and sends nothing`, async () => {
      const p = await printer();
      p.faults = [fault];
      await expect(sendToZebra(address(p), labels(3))).rejects.toMatchObject({
        code: 'printer_not_ready',
        message: expect.stringContaining('Nothing was sent'),
      });
      expect(p.formats).toEqual([]);
    });
  }

  it('stops when the printer runs out of labels mid-job and names the lines not sent', async () => {
    const p = await printer();
    p.faults = ['ok', 'ok', 'paper-out'];
    const report = await sendToZebra(address(p), labels(10), { chunkSize: 3 });
    expect(report).toMatchObject({ total: 10, sent: 6, notConfirmed: [8, 9, 10, 11], problem: expect.stringContaining('out of labels') });
    expect(p.formats).toHaveLength(6);
  });

  it('names every label not confirmed when the connection drops mid-job', async () => {
    const p = await printer();
    p.dropAfterFormats = 7;
    const report = await sendToZebra(address(p), labels(12), { chunkSize: 5 });
    // The first chunk (lines 2-6) was confirmed; the printer vanished during the second.
    expect(report.sent).toBe(5);
    expect(report.notConfirmed).toEqual([7, 8, 9, 10, 11, 12, 13]);
    expect(report.problem).toContain('dropped');
  });

  it('says an unreachable printer cannot be reached, with nothing sent', async () => {
    const p = await printer();
    const gone = address(p);
    await p.close();
    printers.splice(0);
    await expect(sendToZebra(gone, labels(2), { timeoutMs: 2_000 })).rejects.toMatchObject({ code: 'printer_unreachable' });
  });
});

describe('simfleet labels --send', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-zebra-cli-'));
  const mapping = join(dir, 'PRACTICE-run-mapping.csv');
  const iccids = Array.from({ length: 8 }, (_, i) => `890126052601815908${String(10 + i)}`);
  writeFileSync(
    mapping,
    [
      'ICCID,PhoneNumber,PhoneNumberId,State,Environment',
      ...iccids.map((iccid, i) => `${iccid},'+1801602534${i},NID-${i},${i === 3 ? 'failed' : 'provisioned'},PRACTICE`),
    ].join('\n'),
  );
  /** The CLI in its own process (the stand-in printer answers from this one, so never spawnSync). */
  const simfleet = (...args: string[]): Promise<{ status: number | null; stderr: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['bin/simfleet.mjs', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (status) => resolve({ status, stderr }));
    });

  it('sends every provisioned label in order and exits 0', async () => {
    const p = await printer();
    const r = await simfleet('labels', mapping, '--stock', 'thermal-2x1', '--format', 'zpl', '--dpi', '203', '--send', p.url);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`7 label(s) sent to the Zebra printer at 127.0.0.1:${p.port} (PRACTICE).`);
    // Every label's format arrived, in file order, each with its own SIM (the failed line 5 has none).
    expect(p.formats).toHaveLength(7);
    const sent = p.formats.map((f) => /\^FD[HQM]M,B\d{4}(\d+)\|/.exec(f)?.[1]);
    expect(sent).toEqual(iccids.filter((_, i) => i !== 3));
    for (const format of p.formats) expect(format).toMatch(/^\^XA[\s\S]*\^PQ1\n\^XZ$/);
  });

  it('reprints chosen lines only', async () => {
    const p = await printer();
    const r = await simfleet('labels', mapping, '--stock', 'thermal-2x1', '--format', 'zpl', '--dpi', '203', '--send', p.url, '--lines', '2-3,9');
    expect(r.status, r.stderr).toBe(0);
    expect(p.formats.map((f) => /\^FD[HQM]M,B\d{4}(\d+)\|/.exec(f)?.[1])).toEqual([iccids[0], iccids[1], iccids[7]]);
  });

  it('exits 3 when the connection drops, naming the lines to reprint and the command that does it', async () => {
    const p = await printer();
    p.dropAfterFormats = 2;
    const r = await simfleet('labels', mapping, '--stock', 'thermal-2x1', '--format', 'zpl', '--dpi', '203', '--send', p.url);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toContain('0 of 7 label(s) sent');
    expect(r.stderr).toContain('Lines 2-4, 6-9 of');
    expect(r.stderr).toContain(`--send ${p.url} --lines 2-4,6-9`);
  });

  it('exits 2 for a printer that is not ready, or an address that is not one, sending nothing', async () => {
    const p = await printer();
    p.faults = ['paper-out'];
    const r = await simfleet('labels', mapping, '--stock', 'thermal-2x1', '--format', 'zpl', '--dpi', '203', '--send', p.url);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is not ready: it is out of labels: load a new roll and press Feed. Nothing was sent');
    expect(p.formats).toEqual([]);
    const bad = await simfleet('labels', mapping, '--format', 'zpl', '--dpi', '203', '--send', 'http://printer');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('is not a printer address');
    const pdf = await simfleet('labels', mapping, '--format', 'pdf', '--send', p.url);
    expect(pdf.stderr).toContain('A Zebra printer takes ZPL: use --format zpl');
  });
});

describe('direct printers in the app (through the contract)', () => {
  async function app() {
    const dataRoot = mkdtempSync(join(tmpdir(), 'simfleet-direct-'));
    const services = openHeadlessServices({ dataRoot, host: 'web-host', credentials: new MemoryCredentialStore(), simulator: { rateLimitPerMinute: 0 } });
    const dispatch = createDispatch(services.impl);
    const call = async <T>(ns: string, method: string, payload?: unknown) => (await dispatch(ns, method, payload)) as Result<T>;
    const ok = async <T>(ns: string, method: string, payload?: unknown): Promise<T> => {
      const r = await call<T>(ns, method, payload);
      if (!r.ok) throw new Error(`${ns}.${method}: ${r.error.code} ${r.error.message}`);
      return r.value;
    };
    await ok('settings', 'saveLimits', { rateLimitPerMinute: 6000, concurrency: 4 });
    // A header on line 1 and a blank line 4: the SIMs are on import lines 2, 3, 5, 6, 7, 8.
    const text = [
      'ICCID',
      '89012605260181590835',
      '89012600166131860910',
      '',
      '89012608656355150586',
      '89012603909960308247',
      '89012601171802539613',
      '89012603480786364498',
    ].join('\n');
    const view = await ok<{ id: string }>('imports', 'fromText', { name: 'line-a.csv', text });
    const started = await ok<{ id: string }>('batches', 'start', { importId: view.id, name: 'Line A' });
    for (;;) {
      const detail = await ok<{ summary: { status: string } }>('batches', 'get', { id: started.id });
      if (detail.summary.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const request = { batchId: started.id, stockId: 'thermal-2x1', qr: 'compact', barcode: false, dpi: 203, printer: 'Line A Zebra', skip: 0 };
    return { services, call, ok, request };
  }

  it('saves a printer by name, checks its status, and sends a batch with every label confirmed', async () => {
    const p = await printer();
    const { services, call, ok, request } = await app();
    try {
      expect(await call('labels', 'savePrinter', { name: 'Bad', address: 'http://x', dpi: 203 })).toMatchObject({ ok: false, error: { code: 'bad_printer' } });
      const labels = await ok<{ printers: unknown[] }>('labels', 'savePrinter', { name: 'Line A Zebra', address: p.url, dpi: 203 });
      expect(labels.printers).toEqual([{ name: 'Line A Zebra', address: p.url, dpi: 203 }]);
      p.faults = ['ribbon-out', 'ok'];
      expect(await ok('labels', 'printerStatus', { name: 'Line A Zebra' })).toEqual({
        ready: false,
        problems: ['it is out of ribbon: load a new ribbon'],
        message: 'Line A Zebra is not ready: it is out of ribbon: load a new ribbon.',
      });
      // The saved printer's resolution wins over the one on screen: 203 dpi ZPL (2 inches = 406 dots), and the preview says so.
      const report = await ok<{ sent: number; message: string }>('labels', 'send', { ...request, dpi: 600 });
      expect(report).toMatchObject({ total: 6, sent: 6, notConfirmed: '', problem: null, message: '6 label(s) sent to Line A Zebra (203 dpi).' });
      expect(p.formats).toHaveLength(6);
      expect(p.formats.every((f) => f.includes('^PW406'))).toBe(true);
      expect(await ok('labels', 'sheet', { ...request, dpi: 600, page: 0 })).toMatchObject({ dpi: 203 });
      const zpl = await ok<{ fileName: string; base64: string }>('labels', 'zpl', { ...request, dpi: 300 });
      expect(zpl.fileName).toMatch(/-203dpi\.zpl$/);
      expect(Buffer.from(zpl.base64, 'base64').toString()).toContain('^PW406');
      // Without a saved printer, the resolution chosen on screen.
      expect(await ok('labels', 'sheet', { ...request, printer: 'PDF', dpi: 600, page: 0 })).toMatchObject({ dpi: 600 });
      const test = await ok<{ sent: number }>('labels', 'testPrint', { name: 'Line A Zebra', stockId: 'thermal-2x1' });
      expect(test.sent).toBe(1);
      expect(p.formats.at(-1)).toContain('PRACTICE - NOT ACTIVE');
    } finally {
      await services.close();
    }
  });

  it('names the import lines that may not have printed when the printer drops mid-job', async () => {
    const p = await printer();
    const { services, ok, request } = await app();
    try {
      await ok('labels', 'savePrinter', { name: 'Line A Zebra', address: p.url, dpi: 203 });
      p.dropAfterFormats = 1;
      const report = await ok<{ notConfirmed: string; message: string }>('labels', 'send', request);
      expect(report.notConfirmed).toBe('2-3, 5-8');
      expect(report.message).toContain('Lines 2-3, 5-8 may not have printed');
    } finally {
      await services.close();
    }
  });
});
