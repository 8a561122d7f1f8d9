/**
 * Exactly once across processes (docs/exactly-once.md, rule 9): real processes on one
 * data folder, against a standalone simulator that sells a bound ICCID again (the worst
 * the Telegent docs allow), so a double purchase shows in its ledger.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchSummary } from '../../preload/views';
import { MemoryCredentialStore } from '../../main/credentials/credential-store';
import { PRACTICE_PROFILE } from '../../main/settings/schema';
import { openHeadlessServices } from '../../main/services/headless';
import { PRACTICE_ACCOUNT_SECRET } from '../../main/simulator/state';
import { purchaseCounts, spawnSimulator, startProvision, listFile as sharedListFile } from '../helpers/cli-process';

let simulator: ChildProcess;
let url = '';

beforeAll(async () => {
  ({ process: simulator, url } = await spawnSimulator(['--latency', '20', '--duplicate-iccid', 'sell-again']));
});
afterAll(() => {
  simulator.kill('SIGTERM');
});

const purchases = (iccids: readonly string[]) => purchaseCounts(url, iccids);

const listFile = (dir: string, n: number) => sharedListFile(dir, n, 5);

const cli = startProvision;

/** Resolves when the simulator has sold at least `n` of these SIMs. */
async function soldAtLeast(iccids: readonly string[], n: number): Promise<void> {
  for (;;) {
    if ((await purchases(iccids)).size >= n) return;
    await new Promise((r) => setImmediate(r));
  }
}

describe('one batch, one process; one SIM, one purchase', () => {
  it('two resumes of one batch at once: one runs it, the other waits, and each SIM is bought once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-xproc-'));
    const { file, iccids } = listFile(dir, 40);
    const data = join(dir, 'data');
    const first = cli([file, '--out', join(dir, 'a.csv'), '--api-base', url, '--data-dir', data, '--rate', '300', '--concurrency', '4']);
    await first.sending;
    await soldAtLeast(iccids, 5);
    first.child.kill('SIGKILL');
    await first.exited;
    const id = readdirSync(join(data, 'practice', 'batches'))
      .find((f) => f.endsWith('.jsonl'))!
      .replace('.jsonl', '');

    // Without --wait the second process says who holds the batch and exits 2.
    const a = cli(['--resume', id, '--wait', '--out', join(dir, 'b.csv'), '--api-base', url, '--data-dir', data, '--rate', '120', '--concurrency', '1']);
    await a.sending;
    const refused = cli(['--resume', id, '--out', join(dir, 'c.csv'), '--api-base', url, '--data-dir', data]);
    expect(await refused.exited, refused.stderr()).toBe(2);
    expect(refused.stderr()).toMatch(/is running in simfleet CLI, pid \d+/);
    // With --wait, it waits for the first to finish and then has nothing left to buy.
    const b = cli(['--resume', id, '--wait', '--out', join(dir, 'd.csv'), '--api-base', url, '--data-dir', data, '--rate', '600']);
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);

    const counts = await purchases(iccids);
    expect(counts.size).toBe(40);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    const purchaseLog = readFileSync(join(data, 'practice', 'purchases.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(new Set(purchaseLog.map((l) => (JSON.parse(l) as { iccid: string }).iccid)).size).toBe(purchaseLog.length);
  });

  it('the app and the CLI running the same list on one data folder buy each SIM once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-xproc-'));
    const { file, iccids } = listFile(dir, 60);
    const data = join(dir, 'data');
    const app = openHeadlessServices({ dataRoot: data, host: 'web-host', credentials: new MemoryCredentialStore(), practiceStandaloneUrl: url });
    try {
      await app.impl.settings.saveLimits({ rateLimitPerMinute: 600, concurrency: 4 });
      // The CLI starts first; the app starts the same list while the CLI is buying.
      const other = cli([file, '--out', join(dir, 'cli.csv'), '--api-base', url, '--data-dir', data, '--rate', '600', '--concurrency', '4']);
      await other.sending;
      const view = await app.impl.imports.fromText({ name: 'list.csv', text: readFileSync(file, 'utf8') });
      const started = await app.impl.batches.start({ importId: view.id, name: 'app batch' });
      const stopped = new Promise<void>((resolve) => {
        app.events.subscribe((name, payload) => {
          if (name === 'batchProgress' && (payload as BatchSummary).id === started.id && !app.batches.isLive(started.id)) resolve();
        });
      });
      const code = await other.exited;
      expect([0, 3], other.stderr()).toContain(code);
      await stopped;
      const counts = await purchases(iccids);
      expect(counts.size).toBe(60);
      expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
      // Between them the two batches hold every SIM once as provisioned; the rest were skipped or refused at import.
      const appRows = (await app.impl.batches.get({ id: started.id })).rows;
      const cliRows = existsSync(join(dir, 'cli.csv')) ? readFileSync(join(dir, 'cli.csv'), 'utf8').trim().split('\n').slice(1) : [];
      const provisioned = appRows.filter((r) => r.state === 'provisioned').length + cliRows.filter((l) => l.includes(',provisioned,')).length;
      expect(provisioned).toBe(60);
    } finally {
      await app.close();
    }
  });

  it('refuses, before anything is sent: a production URL in practice mode, --out into a missing folder, a folder as input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-xproc-'));
    const { file, iccids } = listFile(dir, 5);
    const data = join(dir, 'data');
    const practiceToReal = cli([file, '--out', join(dir, 'm.csv'), '--api-base', 'https://api.telegent.com', '--data-dir', data]);
    expect(await practiceToReal.exited).toBe(2);
    expect(practiceToReal.stderr()).toContain('practice mode, which talks only to a simulator on this computer');
    const missing = cli([file, '--out', join(dir, 'no-such-folder', 'm.csv'), '--api-base', url, '--data-dir', data]);
    expect(await missing.exited).toBe(2);
    expect(missing.stderr()).toContain('does not exist');
    const folder = cli([dir, '--out', join(dir, 'm.csv'), '--api-base', url, '--data-dir', data]);
    expect(await folder.exited).toBe(2);
    expect(folder.stderr()).toContain('is a folder');
    expect((await purchases(iccids)).size).toBe(0);
    expect(existsSync(join(data, 'practice', 'batches'))).toBe(false);
  });

  it('a production batch resumes only against the URL it started with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-xproc-'));
    const { file, iccids } = listFile(dir, 30);
    const data = join(dir, 'data');
    mkdirSync(data, { recursive: true });
    // A station set up for production against this (simulated) Telegent.
    const settings = (apiBaseUrl: string) =>
      JSON.stringify({
        schemaVersion: 1,
        environment: 'production',
        production: { accountId: '', profile: PRACTICE_PROFILE, apiBaseUrl, connectionTest: null },
      });
    // A hand-edited settings file naming another server gets nothing: credentials from the
    // environment go only to an address named on the command line until they passed a test there.
    const collected: string[] = [];
    const collector = createServer((req, res) => {
      collected.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => res.end('{}'));
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      writeFileSync(join(data, 'settings.json'), settings(`http://127.0.0.1:${(collector.address() as AddressInfo).port}`));
      const unnamed = cli([file, '--out', join(dir, 'a.csv'), '--data-dir', data]);
      expect(await unnamed.exited).toBe(2);
      expect(unnamed.stderr()).toContain('have not passed a connection test at http://127.0.0.1:');
      expect(unnamed.stderr()).toContain('run again with --api-base http://127.0.0.1:');
      expect(collected).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => collector.close(() => resolve()));
    }
    writeFileSync(join(data, 'settings.json'), settings(url));
    const first = cli([file, '--out', join(dir, 'a.csv'), '--data-dir', data, '--api-base', url, '--rate', '300', '--concurrency', '2']);
    await first.sending;
    expect(first.stderr()).toContain('Testing the connection');
    await soldAtLeast(iccids, 3);
    first.child.kill('SIGKILL');
    await first.exited;
    const id = readdirSync(join(data, 'production', 'batches'))
      .find((f) => f.endsWith('.jsonl'))!
      .replace('.jsonl', '');
    const header = JSON.parse(readFileSync(join(data, 'production', 'batches', `${id}.jsonl`), 'utf8').split('\n')[0]!) as {
      target: { kind: string; url: string; credentials: { fingerprint: string } };
    };
    expect(header.target).toMatchObject({ kind: 'production', url });
    expect(JSON.stringify(header)).not.toContain(PRACTICE_ACCOUNT_SECRET);

    // The URL changes behind the batch's back: the resume is refused, nothing is sent anywhere.
    const sold = (await purchases(iccids)).size;
    const elsewhere = url.replace(/:(\d+)$/, (_, p: string) => `:${Number(p) + 1}`);
    writeFileSync(join(data, 'settings.json'), settings(elsewhere));
    const resumed = cli(['--resume', id, '--wait', '--out', join(dir, 'b.csv'), '--data-dir', data]);
    expect(await resumed.exited).toBe(2);
    expect(resumed.stderr()).toContain(`was started against ${url}`);
    expect((await purchases(iccids)).size).toBe(sold);
  });
});
