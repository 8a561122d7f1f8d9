import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWebHost, type WebHost } from '../../main/testhost/launch';

let web: WebHost;
let rendererDir: string;

beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), 'simfleet-host-'));
  rendererDir = join(base, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>SimFleet</title>');
  writeFileSync(join(base, 'secret.txt'), 'outside');
  web = await launchWebHost({ dataRoot: join(base, 'data'), rendererDir });
});
afterAll(async () => {
  await web.close();
});

/** A raw request so Host and Origin can be forged the way an attacker's page or DNS rebinding would. */
function raw(
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  const { port } = new URL(web.host.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(port), path, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const host = () => new URL(web.host.origin).host;

describe('loopback test host', () => {
  it('listens on 127.0.0.1 only and puts a fresh token in its URL', () => {
    expect(web.host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('serves the page with the token and the CSP, and sets no cookie', async () => {
    const r = await raw(`/?token=${web.host.token}`, { host: host() });
    expect(r.status).toBe(200);
    expect(r.text).toContain('<title>SimFleet</title>');
    // A cookie would be sent to every port of 127.0.0.1, so any local server could replay it.
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('refuses every request without the right token (the bare page is the shell a reload gets: no token in it)', async () => {
    const bare = await raw('/', { host: host() });
    expect(bare.status).toBe(200);
    expect(bare.text).not.toContain(web.host.token);
    expect((await raw('/?token=wrong', { host: host() })).status).toBe(401);
    expect((await raw('/api/call/app/info', { host: host(), origin: web.host.origin }, 'POST', '{}')).status).toBe(401);
    expect((await raw('/api/events', { host: host() })).status).toBe(401);
  });

  it('opens one page per launch code, with the token inside it, never in its address; a spent or unknown code opens nothing', async () => {
    const launch = web.host.launchUrl();
    expect(launch).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?launch=[\w-]{24}$/);
    expect(launch).not.toContain(web.host.token);
    const path = launch.slice(web.host.origin.length);
    const first = await raw(path, { host: host() });
    expect(first.status).toBe(200);
    expect(first.text).toContain(`<meta name="simfleet-session" content="${web.host.token}">`);
    const again = await raw(path, { host: host() });
    expect(again.status).toBe(401);
    expect(again.text).toContain('This launch address was used already or is more than a minute old');
    expect((await raw('/?launch=made-up-code', { host: host() })).status).toBe(401);
  });

  it('accepts no state-changing call on a cookie or a query token alone', async () => {
    const base = { host: host(), origin: web.host.origin, 'content-type': 'application/json' };
    expect((await raw('/api/call/app/info', { ...base, cookie: `simfleet_host_token=${web.host.token}` }, 'POST', '{}')).status).toBe(401);
    expect((await raw(`/api/call/app/info?token=${web.host.token}`, base, 'POST', '{}')).status).toBe(401);
    expect((await raw('/api/call/app/info', { ...base, 'x-simfleet-token': web.host.token }, 'POST', '{}')).status).toBe(200);
  });

  it('answers 413 to an oversized body', async () => {
    const big = JSON.stringify({ payload: { name: 'x.csv', base64: 'A'.repeat(81 * 1024 * 1024) } });
    const r = await raw(
      '/api/call/imports/fromFile',
      { host: host(), origin: web.host.origin, 'x-simfleet-token': web.host.token, 'content-type': 'application/json' },
      'POST',
      big,
    );
    expect(r.status).toBe(413);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const r = await raw(`/?token=${web.host.token}`, { host: 'evil.example' });
    expect(r.status).toBe(421);
  });

  it('refuses a foreign Origin and an API call without Origin', async () => {
    const token = { 'x-simfleet-token': web.host.token };
    expect((await raw('/api/call/app/info', { host: host(), ...token, origin: 'http://evil.example' }, 'POST', '{}')).status).toBe(403);
    expect((await raw('/api/call/app/info', { host: host(), ...token }, 'POST', '{}')).status).toBe(403);
  });

  it('serves the same services as Electron would, with errors as values', async () => {
    const headers = { host: host(), origin: web.host.origin, 'x-simfleet-token': web.host.token, 'content-type': 'application/json' };
    const info = JSON.parse((await raw('/api/call/app/info', headers, 'POST', '{}')).text);
    expect(info).toMatchObject({ ok: true, value: { name: 'SimFleet', host: 'web-host' } });
    const status = JSON.parse((await raw('/api/call/environment/status', headers, 'POST', '{}')).text);
    expect(status).toMatchObject({ ok: true, value: { environment: 'practice', connection: 'simulator-running' } });
    expect(status.value.apiBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const bad = JSON.parse((await raw('/api/call/settings/get', headers, 'POST', '{"payload":{"x":1}}')).text);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const unknown = JSON.parse((await raw('/api/call/settings/delete', headers, 'POST', '{}')).text);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('does not serve files outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const r = await raw(path, { host: host() });
      expect(r.status).toBe(404);
      expect(r.text).not.toContain('outside');
    }
  });

  it('streams contract events over server-sent events', async () => {
    const { port } = new URL(web.host.origin);
    const received = new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: Number(port), path: `/api/events?token=${web.host.token}`, headers: { host: host() } }, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          if (buffer.startsWith(': connected') && !buffer.includes('data:')) {
            web.services.events.emit('environmentChanged', {
              environment: 'practice',
              apiBaseUrl: 'http://x',
              connection: 'simulator-running',
              simulator: 'built-in',
              dataDir: '/d',
            });
          }
          const line = buffer.split('\n').find((l) => l.startsWith('data: '));
          if (line) {
            resolve(line.slice(6));
            req.destroy();
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(await received)).toEqual({
      name: 'environmentChanged',
      payload: { environment: 'practice', apiBaseUrl: 'http://x', connection: 'simulator-running', simulator: 'built-in', dataDir: '/d' },
    });
  });
});
