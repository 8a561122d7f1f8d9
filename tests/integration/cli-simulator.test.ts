import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { call, mint } from '../helpers/sim-http';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGTERM');
});

function startCli(args: string[]): Promise<string> {
  const child = spawn(process.execPath, ['bin/simfleet.mjs', 'simulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
}

describe('simfleet simulator', () => {
  it('prints its URL first and plays Telegent with the given keys, limit and test routes', async () => {
    const url = await startCli(['--port', '0', '--account-key', 'DID-cli', '--account-secret', 'cli-secret', '--rate-limit', '3', '--test-routes']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(mint(url, '/v1.0/distributor/accounts')).rejects.toThrow(/401/);
    const token = await mint(url, '/v1.0/distributor/accounts', { key: 'DID-cli', secret: 'cli-secret' });
    // Three requests per minute: the failed mint, the mint and this call use them up.
    expect((await call(url, 'GET', '/v1.0/distributor/accounts', { token })).status).toBe(200);
    expect((await call(url, 'GET', '/v1.0/distributor/accounts', { token })).status).toBe(429);
    expect((await fetch(`${url}/__simulator/ledger`)).status).toBe(200);
  });

  it('exits 2 with a clear message on bad usage', () => {
    const bad = spawnSync(process.execPath, ['bin/simfleet.mjs', 'simulator', '--port', 'abc'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--port must be a whole number');
    const unknown = spawnSync(process.execPath, ['bin/simfleet.mjs', 'frobnicate'], { encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });

  it('prints help', () => {
    const help = spawnSync(process.execPath, ['bin/simfleet.mjs', 'help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('simulator');
  });
});
