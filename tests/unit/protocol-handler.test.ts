import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../main/app/protocol-handler';
import { RENDERER_CSP, resolveRendererPath } from '../../main/renderer-files/resolve';

let root: string;
let outside: string;

beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'simfleet-proto-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>SimFleet</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  outside = join(base, 'secret.txt');
  writeFileSync(outside, 'do not serve');
  writeFileSync(join(base, 'renderer-evil.txt'), 'sibling with a shared prefix');
});

describe('app:// protocol handler', () => {
  const get = (url: string, method = 'GET') => createAppProtocolHandler(root)(new Request(url, { method }));

  it('serves index.html for / with the strict CSP', async () => {
    const res = await get('app://simfleet/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(await res.text()).toContain('<title>SimFleet</title>');
  });

  it('serves assets with their content type', async () => {
    const res = await get('app://simfleet/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
  });

  it.each([
    'app://x/../../etc/passwd',
    'app://simfleet/../../etc/passwd',
    'app://simfleet/%2e%2e/%2e%2e/etc/passwd',
    'app://simfleet/..%2f..%2fsecret.txt',
    'app://simfleet/assets/..%2f..%2fsecret.txt',
    'app://simfleet/..%5csecret.txt',
    'app://simfleet/%00index.html',
    'app://simfleet/%E0%A4%A',
  ])('refuses to escape the renderer folder: %s', async (url) => {
    const res = await get(url);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('do not serve');
  });

  it('refuses other hosts and non-GET methods', async () => {
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://simfleet/index.html', 'POST')).status).toBe(405);
  });

  it('answers 404 for a missing file', async () => {
    expect((await get('app://simfleet/nope.js')).status).toBe(404);
  });
});

describe('resolveRendererPath', () => {
  it('never resolves outside the root, even for a sibling sharing its prefix', () => {
    expect(resolveRendererPath(root, '/../renderer-evil.txt')).toBeNull();
    expect(resolveRendererPath(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(resolveRendererPath(root, '/')).toBe(join(root, 'index.html'));
  });
});
