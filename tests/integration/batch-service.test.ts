import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchSummary, Result } from '../../preload/views';
import { createDispatch } from '../../main/bridge/dispatch';
import { MemoryCredentialStore } from '../../main/credentials/credential-store';
import { luhnCheckDigit } from '../../main/import/iccid';
import { openHeadlessServices } from '../../main/services/headless';
import type { FaultRule } from '../../main/simulator/faults';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

let seq = 0;
function list(n: number): string {
  return [
    'ICCID',
    ...Array.from({ length: n }, () => {
      const body = `8901260${String(2_000_000 + seq++).padStart(8, '0')}7777`;
      return body + luhnCheckDigit(body);
    }),
  ].join('\n');
}

async function setup(faults: FaultRule[] = [], existing?: string) {
  const dataRoot = existing ?? mkdtempSync(join(tmpdir(), 'simfleet-batches-'));
  const services = openHeadlessServices({
    dataRoot,
    host: 'web-host',
    credentials: new MemoryCredentialStore(),
    simulator: { rateLimitPerMinute: 0, faults },
    enginePolicy: { reconcileGraceMs: 0, pollBaseMs: 10, retryBaseMs: 20 },
  });
  cleanups.push(() => services.close());
  const progress: BatchSummary[] = [];
  services.events.subscribe((name, payload) => {
    if (name === 'batchProgress') progress.push(payload as BatchSummary);
  });
  const dispatch = createDispatch(services.impl);
  const ok = async <T>(ns: string, method: string, payload?: unknown): Promise<T> => {
    const r = (await dispatch(ns, method, payload)) as Result<T>;
    if (!r.ok) throw new Error(`${ns}.${method}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  await ok('settings', 'saveLimits', { rateLimitPerMinute: 6000, concurrency: 4 });
  const finished = async (id: string): Promise<BatchSummary> => {
    for (;;) {
      const s = await ok<BatchSummary>('batches', 'get', { id }).then((d) => (d as unknown as { summary: BatchSummary }).summary);
      if (s.status !== 'running') return s;
      await new Promise<void>((resolve) => {
        const off = services.events.subscribe((name, payload) => {
          if (name === 'batchProgress' && (payload as BatchSummary).id === id) {
            off();
            resolve();
          }
        });
      });
    }
  };
  return { dataRoot, services, dispatch, ok, progress, finished };
}

describe('batches through the contract', () => {
  it('estimates, starts from an import, reports throttled progress, and lists the finished batch', async () => {
    const { ok, progress, finished, dataRoot } = await setup();
    const view = await ok<{ id: string }>('imports', 'fromText', { name: 'acme.csv', text: list(30) });
    const estimate = await ok<{ count: number; environment: string; blockers: string[]; estimatedSeconds: number }>('batches', 'estimate', {
      importId: view.id,
    });
    expect(estimate).toMatchObject({ count: 30, environment: 'practice', blockers: [] });
    expect(estimate.estimatedSeconds).toBe(1);
    const started = await ok<BatchSummary>('batches', 'start', { importId: view.id, name: 'Acme shipment 1' });
    expect(started).toMatchObject({ name: 'Acme shipment 1', total: 30, environment: 'practice' });
    const done = await finished(started.id);
    expect(done).toMatchObject({ status: 'finished', done: 30 });
    expect(done.counts.provisioned).toBe(30);
    expect(progress.length).toBeGreaterThan(0);
    // Throttled: far fewer events than the 60 journal records of the run.
    expect(progress.length).toBeLessThan(30);
    const listed = await ok<BatchSummary[]>('batches', 'list');
    expect(listed.map((b) => b.id)).toEqual([started.id]);
    expect(readFileSync(join(dataRoot, 'practice', 'batches', `${started.id}.jsonl`), 'utf8').split('\n')[0]).toContain('"t":"batch"');
  });

  it('exports the mapping and the purchase log, practice-marked and without secrets', async () => {
    const { ok, finished } = await setup();
    const text = list(3);
    const view = await ok<{ id: string }>('imports', 'fromText', { name: 'acme.csv', text });
    const started = await ok<BatchSummary>('batches', 'start', { importId: view.id, name: 'Audit run' });
    await finished(started.id);
    const mapping = await ok<{ fileName: string; csv: string }>('batches', 'resultsCsv', { id: started.id });
    expect(mapping.fileName).toBe('PRACTICE-Audit_run-batch-results.csv');
    const lines = mapping.csv.trim().split('\n');
    expect(lines[0]).toBe('ICCID,PhoneNumber,PhoneNumberId,OrderId,OrderStatus,SubscriberId,State,Message,Lpa,Environment');
    // ICCIDs and numbers as Excel text (docs/exports.md, "Opening a CSV in Excel").
    expect(lines[1]).toMatch(/^"=""8901260\d{13}""","=""\+1\d{10}""",NID-[\w-]+,JNUOID-[\w-]+,Complete,,provisioned,,,PRACTICE$/);
    // The round trip: SimFleet's own import reads the results back, every ICCID whole and known as bought.
    const again = await ok<{ id: string; iccidColumn: number; summary: { rows: number; alreadyProvisioned: number; errors: number } }>('imports', 'fromText', {
      name: mapping.fileName,
      text: mapping.csv,
    });
    expect(again.iccidColumn).toBe(0);
    expect(again.summary).toMatchObject({ rows: 3, alreadyProvisioned: 3, errors: 0, warnings: 0 });
    const read = await ok<{ rows: Array<{ iccid: string | null; raw: string; codes: string[] }> }>('imports', 'rows', {
      id: again.id,
      offset: 0,
      limit: 10,
      filter: 'all',
      search: '',
    });
    expect(read.rows.map((r) => r.iccid)).toEqual(text.split('\n').slice(1));
    expect(read.rows.map((r) => [r.raw, r.codes])).toEqual(
      text
        .split('\n')
        .slice(1)
        .map((iccid) => [iccid, ['already_provisioned']]),
    );
    const audit = await ok<{ fileName: string; csv: string }>('batches', 'purchaseLogCsv');
    expect(audit.fileName).toBe('PRACTICE-simfleet-purchases.csv');
    expect(audit.csv.trim().split('\n')).toHaveLength(4);
    expect(audit.csv).toContain(',practice,');
    expect(audit.csv).toContain('Audit run');
    expect(audit.csv).not.toContain('practice-secret');
  });

  it('resolves import line ranges in main for labels and the mapping, and says which lines are not in the batch', async () => {
    const { ok, dispatch, finished } = await setup();
    const view = await ok<{ id: string }>('imports', 'fromText', { name: 'acme.csv', text: list(6) });
    const started = await ok<BatchSummary>('batches', 'start', { importId: view.id, name: 'Lines' });
    await finished(started.id);
    const request = { batchId: started.id, stockId: 'avery-5160', qr: 'compact', barcode: false, dpi: 300, printer: 'PDF', skip: 0, page: 0 };
    // The list has a header on line 1: its SIMs are on lines 2-7.
    const sheet = await ok<{ total: number; labels: Array<{ iccid: string }> }>('labels', 'sheet', { ...request, lines: '3-4, 7' });
    expect(sheet.total).toBe(3);
    const mapping = await ok<{ base64: string }>('exports', 'mapping', { batchId: started.id, format: 'csv', lines: '3-4, 7' });
    const iccids = Buffer.from(mapping.base64, 'base64')
      .toString('utf8')
      .match(/8901260\d{13}/g);
    expect(iccids).toEqual(sheet.labels.map((l) => l.iccid));
    expect(await dispatch('labels', 'sheet', { ...request, lines: '40-50' })).toMatchObject({
      ok: false,
      error: { code: 'no_such_lines', message: 'None of lines 40-50 is in batch "Lines". Check the line numbers against the import.' },
    });
    expect(await dispatch('exports', 'mapping', { batchId: started.id, format: 'csv', lines: '4-2' })).toMatchObject({
      ok: false,
      error: { code: 'bad_lines' },
    });
  });

  it('reaches only contract methods: what services offer each other is not callable from the renderer', async () => {
    const { dispatch } = await setup();
    // Each service is its contract namespace plus what other services need (docs/decisions.md, D2); the latter stays inside main.
    for (const [ns, method] of [
      ['imports', 'findings'],
      ['imports', 'importable'],
      ['imports', 'fromBytes'],
      ['batches', 'rows'],
      ['batches', 'checkGate'],
      ['batches', 'close'],
      ['labels', 'close'],
      ['credentials', 'forget'],
      ['credentials', 'onChange'],
    ] as const) {
      expect(await dispatch(ns, method, { id: 'x' }), `${ns}.${method}`).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
  });

  it('flags at import what an earlier batch bought, and the engine would refuse it anyway', async () => {
    const { ok, finished } = await setup();
    const text = list(2);
    const first = await ok<{ id: string }>('imports', 'fromText', { name: 'a.csv', text });
    await finished((await ok<BatchSummary>('batches', 'start', { importId: first.id, name: 'First' })).id);
    const again = await ok<{ summary: { alreadyProvisioned: number; importable: number } }>('imports', 'fromText', { name: 'a.csv', text });
    expect(again.summary).toMatchObject({ alreadyProvisioned: 2, importable: 0 });
    const estimate = await ok<{ blockers: string[] }>('batches', 'estimate', { importId: (again as unknown as { id: string }).id });
    expect(estimate.blockers).toContain('No rows are ready to provision in this import.');
  });

  it("refuses to start while the profile breaks Telegent's rules (for example a hand-edited settings file)", async () => {
    const first = await setup();
    await first.services.close();
    const file = join(first.dataRoot, 'settings.json');
    const settings = JSON.parse(readFileSync(file, 'utf8'));
    settings.practice.profile.VoiceEnabled = true;
    writeFileSync(file, JSON.stringify(settings));
    // Settings are read when SimFleet starts: start again on the edited file.
    const { ok, dispatch } = await setup([], first.dataRoot);
    const view = await ok<{ id: string }>('imports', 'fromText', { name: 'a.csv', text: list(1) });
    const estimate = await ok<{ blockers: string[] }>('batches', 'estimate', { importId: view.id });
    expect(estimate.blockers).toContain('Provisioning profile: Voice is on: choose a voice route (CRID).');
    const started = await dispatch('batches', 'start', { importId: view.id, name: 'x' });
    expect(started).toMatchObject({ ok: false, error: { code: 'batch_blocked' } });
  });

  it('two batches started from the same list at once never buy a SIM twice', async () => {
    const { ok, finished, services } = await setup();
    const text = list(12);
    const a = await ok<{ id: string }>('imports', 'fromText', { name: 'a.csv', text });
    const b = await ok<{ id: string }>('imports', 'fromText', { name: 'b.csv', text });
    const [first, second] = await Promise.all([
      ok<BatchSummary>('batches', 'start', { importId: a.id, name: 'A' }),
      ok<BatchSummary>('batches', 'start', { importId: b.id, name: 'B' }),
    ]);
    const [da, db] = await Promise.all([finished(first.id), finished(second.id)]);
    expect(da.counts.provisioned + db.counts.provisioned).toBe(12);
    expect(da.counts.skipped + db.counts.skipped).toBe(12);
    const sold = (await services.practice.ensure()).ledger().filter((e) => e.outcome === 'bought');
    expect(new Set(sold.map((e) => e.iccid)).size).toBe(sold.length);
    expect(sold).toHaveLength(12);
  });

  it('pauses, resumes and retries failed rows on request', async () => {
    const text = list(6);
    const third = text.split('\n')[3]!;
    const { ok, finished } = await setup([{ kind: 'pending', iccids: [third], pendingPolls: 0, pendingOutcome: 'Error', times: 1 }]);
    const view = await ok<{ id: string }>('imports', 'fromText', { name: 'a.csv', text });
    const started = await ok<BatchSummary>('batches', 'start', { importId: view.id, name: 'Retry' });
    const done = await finished(started.id);
    expect(done.counts).toMatchObject({ provisioned: 5, failed: 1 });
    await ok('batches', 'retryFailed', { id: started.id });
    const again = await finished(started.id);
    expect(again.counts).toMatchObject({ provisioned: 6, failed: 0 });
    const detail = await ok<{ rows: Array<{ state: string; attempts: number }> }>('batches', 'get', { id: started.id });
    expect(detail.rows[2]).toMatchObject({ state: 'provisioned', attempts: 2 });
  });
});
