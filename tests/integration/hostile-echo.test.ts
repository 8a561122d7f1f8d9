/**
 * Redaction at the source (docs/security.md): a hostile Telegent stand-in echoes the
 * secret back from every endpoint (token, provision errors, lookups, route lists). The
 * secret, with `"`, `\` and `%` in it, must appear in no form in any file under the data
 * folder, the exports, the log output or anything the UI receives.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchSummary, Result } from '../../preload/views';
import { createDispatch } from '../../main/bridge/dispatch';
import { MemoryCredentialStore } from '../../main/credentials/credential-store';
import { luhnCheckDigit } from '../../main/import/iccid';
import { secretForms } from '../../main/redaction/redactor';
import { openHeadlessServices, type HeadlessServices } from '../../main/services/headless';
import { PRACTICE_PROFILE } from '../../main/settings/schema';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { filesBelow } from '../helpers/files';

const KEY = 'DID-hostile-0001-echo';
const SECRET = 'pa"ss\\wo%rd42+s€cret/x';

let sim: Simulator;
let proxyUrl = '';
let proxy: ReturnType<typeof createServer>;
const failedOnce = new Set<string>();

const hex = (n: number, upper: boolean): string => n.toString(16).padStart(2, '0')[upper ? 'toUpperCase' : 'toLowerCase']();
const bytes = (text: string): number[] => [...Buffer.from(text, 'utf8')];

/**
 * The secret in every escape a hostile server might wrap it in, as raw JSON string content:
 * JSON decodes the first two, nothing decodes the others unless the reader does.
 */
const ENCODED: Readonly<Record<string, string>> = {
  '@@U@@': [...SECRET].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  '@@SLASH@@': JSON.stringify(SECRET).slice(1, -1).replace(/\//g, '\\/'),
  '@@PCT@@': bytes(SECRET)
    .map((b, i) => `%${hex(b, i % 2 === 0)}`)
    .join(''),
  '@@HTMLDEC@@': [...SECRET].map((c) => `&#${c.codePointAt(0)};`).join(''),
  '@@HTMLHEX@@': [...SECRET].map((c, i) => `&#${i % 2 ? 'x' : 'X'}${c.codePointAt(0)!.toString(16)};`).join(''),
  // Two layers: the percent form of the HTML form.
  '@@NESTED@@': bytes([...SECRET].map((c) => `&#${c.codePointAt(0)};`).join(''))
    .map((b) => `%${hex(b, false)}`)
    .join(''),
};

/** Puts the encoded forms into a JSON body's raw text, where the placeholders are. */
function withEncodings(json: string): string {
  let out = json;
  for (const [placeholder, form] of Object.entries(ENCODED)) out = out.split(placeholder).join(form);
  return out;
}

/** Undoes JSON, percent and HTML escapes, three layers deep (the test's own decoder, not the product's). */
function decodedLayers(text: string): string[] {
  const layers = [text];
  let current = text;
  for (let round = 0; round < 3; round++) {
    current = current
      .replace(/\\u([0-9a-f]{4})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
      .replace(/\\([/"\\])/g, '$1')
      .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
      .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
      .replace(/(?:%[0-9a-f]{2})+/gi, (run) =>
        Buffer.from(
          run
            .split('%')
            .slice(1)
            .map((h) => parseInt(h, 16)),
        ).toString('utf8'),
      );
    layers.push(current);
  }
  return layers;
}

/** Adds the secret, plain and in every encoding, to every object of a JSON body. */
function echo(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(echo);
  if (value && typeof value === 'object') {
    const o: Record<string, unknown> = { Echo: `you sent ${SECRET}`, ...Object.fromEntries(Object.keys(ENCODED).map((k, i) => [`Echo${i}`, `you sent ${k}`])) };
    for (const [k, v] of Object.entries(value)) o[k] = k === 'RouteName' && typeof v === 'string' ? `${v} ${SECRET}` : echo(v);
    return o;
  }
  return value;
}

function forward(req: IncomingMessage, body: string): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  const target = new URL(sim.url);
  return new Promise((resolve, reject) => {
    const out = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: { 'content-type': String(res.headers['content-type'] ?? 'application/json') }, text }),
        );
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}

async function hostile(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  const answer = await forward(req, body);
  const path = (req.url ?? '').toLowerCase();
  if (path.startsWith('/v1.0/numbers/provision')) {
    const iccid = (JSON.parse(body) as { ICCID: string }).ICCID;
    if (!failedOnce.has(iccid)) {
      // Bought upstream, then a 503 that quotes the secret: the row goes uncertain with the server's message.
      failedOnce.add(iccid);
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(
        withEncodings(JSON.stringify({ StatusCode: 503, Message: `Upstream refused credentials ${SECRET} / ${encodeURIComponent(SECRET)} / @@U@@ / @@PCT@@` })),
      );
      return;
    }
  }
  let text = answer.text;
  try {
    text = withEncodings(JSON.stringify(echo(JSON.parse(answer.text))));
  } catch {
    text = `${answer.text} ${SECRET}`;
  }
  res.writeHead(answer.status, answer.headers);
  res.end(text);
}

beforeAll(async () => {
  sim = await startSimulator({ rateLimitPerMinute: 0, setup: { accountKey: KEY, accountSecret: SECRET } });
  proxy = createServer((req, res) => void hostile(req, res));
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await sim.close();
});

describe('a server that echoes the secret', () => {
  it('never gets it into a file, an export, the log output or the UI', async () => {
    const dataRoot = mkdtempSync(join(tmpdir(), 'simfleet-echo-'));
    const output: string[] = [];
    const answers: string[] = [];
    const live: HeadlessServices = openHeadlessServices({
      dataRoot,
      host: 'web-host',
      credentials: new MemoryCredentialStore(),
      clientOptions: { readRetries: 0 },
      enginePolicy: { reconcileGraceMs: 0, retryBaseMs: 10, pollBaseMs: 10 },
    });
    // Everything the log writes, as the process output would show it.
    const mirror = live.logger;
    const originalLog = mirror.log.bind(mirror);
    (mirror as { log: typeof mirror.log }).log = (level, event, fields) => {
      output.push(JSON.stringify({ level, event, fields }));
      originalLog(level, event, fields);
    };
    const call = createDispatch(live.impl);
    const must = async <T>(ns: string, method: string, payload?: unknown): Promise<T> => {
      const r = (await call(ns, method, payload)) as Result<T>;
      answers.push(JSON.stringify(r));
      if (!r.ok) throw new Error(`${ns}.${method}: ${r.error.code} ${r.error.message}`);
      return r.value;
    };
    await must('settings', 'saveLimits', { rateLimitPerMinute: 6000, concurrency: 2 });
    await must('settings', 'saveApiBaseUrl', { url: proxyUrl });
    await must('credentials', 'save', { accountKey: KEY, accountSecret: SECRET });
    try {
      await must('connection', 'test', { environment: 'production' });
      answers.push(JSON.stringify(await call('connection', 'lists', { environment: 'production', accountId: '' })));
      await must('settings', 'saveProfile', { environment: 'production', accountId: '', profile: PRACTICE_PROFILE });
      await must('environment', 'switch', { to: 'production', confirmed: true });
      const iccids = Array.from({ length: 6 }, (_, i) => {
        const body = `890126077${String(i).padStart(6, '0')}5656`;
        return body + luhnCheckDigit(body);
      });
      const view = await must<{ id: string }>('imports', 'fromText', { name: 'echo.csv', text: ['ICCID', ...iccids].join('\n') });
      const started = await must<BatchSummary>('batches', 'start', { importId: view.id, name: 'echo batch' });
      for (;;) {
        const s = (await must<{ summary: BatchSummary }>('batches', 'get', { id: started.id })).summary;
        if (s.status !== 'running' && !live.batches.isLive(started.id)) {
          expect(s.counts.provisioned).toBe(6);
          break;
        }
        await new Promise<void>((resolve) => {
          const off = live.events.subscribe((name) => {
            if (name === 'batchProgress') {
              off();
              resolve();
            }
          });
        });
      }
      const detail = await must<{ rows: Array<{ message: string }> }>('batches', 'get', { id: started.id });
      // The uncertain rows' messages came from the server and went through the journal.
      expect(readFileSync(join(dataRoot, 'production', 'batches', `${started.id}.jsonl`), 'utf8')).toContain('[redacted]');
      expect(detail.rows.length).toBe(6);
      const exports = [
        (await must<{ csv: string }>('batches', 'resultsCsv', { id: started.id })).csv,
        (await must<{ csv: string }>('batches', 'purchaseLogCsv')).csv,
        JSON.stringify(await must('exports', 'mapping', { batchId: started.id, format: 'csv' })),
      ];
      await live.close();

      const forms = secretForms(SECRET);
      const everything = [...filesBelow(dataRoot).map((f) => readFileSync(f, 'utf8')), ...exports, ...output, ...answers];
      for (const text of everything) for (const form of forms) expect(text.includes(form), `found ${form}`).toBe(false);
      // Nor in any escape: every layer of JSON, percent and HTML escapes undone, the secret is not there.
      for (const text of everything)
        for (const layer of decodedLayers(text)) expect(layer.includes(SECRET), `found the secret under escapes in ${text.slice(0, 200)}`).toBe(false);
      // And the redaction is not vacuous: the server's words did arrive, masked.
      expect(answers.join('\n')).toContain('[redacted]');
    } finally {
      await live.close();
    }
  });
});
