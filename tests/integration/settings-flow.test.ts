import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EnvironmentStatus, Result } from '../../preload/views';
import { createDispatch } from '../../main/bridge/dispatch';
import { MemoryCredentialStore } from '../../main/credentials/credential-store';
import { openHeadlessServices, type HeadlessServices } from '../../main/services/headless';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { filesBelow } from '../helpers/files';

const SECRET = 'prod-secret-Zq81-never-on-disk';
const KEY = 'DID-1234567ab-1a2b-3cd4-prod';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** Services on a fresh data folder, or (a restart) on an existing one with its keychain. */
async function setup(restart?: { dataRoot: string; credentials: MemoryCredentialStore }) {
  const production: Simulator = await startSimulator({ rateLimitPerMinute: 0, setup: { accountKey: KEY, accountSecret: SECRET } });
  const dataRoot = restart?.dataRoot ?? mkdtempSync(join(tmpdir(), 'simfleet-flow-'));
  const credentials = restart?.credentials ?? new MemoryCredentialStore();
  const services: HeadlessServices = openHeadlessServices({
    dataRoot,
    host: 'web-host',
    credentials,
    simulator: { rateLimitPerMinute: 0 },
    clientOptions: { readRetries: 0 },
  });
  const events: EnvironmentStatus[] = [];
  services.events.subscribe((name, payload) => {
    if (name === 'environmentChanged') events.push(payload as EnvironmentStatus);
  });
  const dispatch = createDispatch(services.impl);
  const call = async <T = unknown>(ns: string, method: string, payload?: unknown): Promise<Result<T>> => (await dispatch(ns, method, payload)) as Result<T>;
  const ok = async <T = Record<string, unknown>>(ns: string, method: string, payload?: unknown): Promise<T> => {
    const r = await call<T>(ns, method, payload);
    if (!r.ok) throw new Error(`${ns}.${method} failed: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  const code = async (ns: string, method: string, payload?: unknown): Promise<string> => {
    const r = await call(ns, method, payload);
    if (r.ok) throw new Error(`${ns}.${method} unexpectedly succeeded`);
    return r.error.code;
  };
  cleanups.push(async () => {
    await services.close();
    await production.close();
  });
  // The simulators here have no limit; do not spend test time pacing at 50/min.
  await ok('settings', 'saveLimits', { rateLimitPerMinute: 6000, concurrency: 4 });
  return { production, dataRoot, credentials, services, events, call, ok, code };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('settings, credentials and connection through the contract', () => {
  it('starts in practice with a ready practice profile and an empty production profile', async () => {
    const { ok } = await setup();
    const s = await ok<{
      environment: string;
      practice: { profile: { MessageRouteId: string } };
      production: { profile: { MessageRouteId: string }; apiBaseUrl: string };
    }>('settings', 'get');
    expect(s.environment).toBe('practice');
    expect(s.practice.profile.MessageRouteId).toMatch(/^MRID-/);
    expect(s.production.profile.MessageRouteId).toBe('');
    expect(s.production.apiBaseUrl).toBe('https://api.telegent.com');
  });

  it('a saved rate limit applies at once to the limiter every batch already holds', async () => {
    const { ok, services } = await setup();
    // What a running batch took when it started: the same limiter object is kept.
    const held = services.access.limiter('practice');
    expect(held.limit()).toBe(6000);
    await ok('settings', 'saveLimits', { rateLimitPerMinute: 600, concurrency: 4 });
    expect(held.limit()).toBe(600);
    await ok('settings', 'saveLimits', { rateLimitPerMinute: 1200, concurrency: 4 });
    expect(held.limit()).toBe(1200);
    expect(held.currentRate()).toBe(1200);
  });

  it('refuses a profile Telegent would refuse, naming each problem, and saves a good one', async () => {
    const { ok, call, dataRoot } = await setup();
    const s = await ok<{ practice: { profile: Record<string, unknown> } }>('settings', 'get');
    const bad = { ...s.practice.profile, NumberType: 'iot', MessageType: 'a2p', VoiceEnabled: true, AreaCode: '80', ZipCode: 'abcde' };
    const refused = await call('settings', 'saveProfile', { environment: 'practice', accountId: '', profile: bad });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('invalid_profile');
      const fields = (refused.error.details?.['issues'] as Array<{ field: string }>).map((i) => i.field);
      expect(fields).toEqual(['MessageType', 'ProductType', 'VoiceRouteId', 'AreaCode', 'ZipCode']);
    }
    const good = { ...s.practice.profile, AreaCode: '801', ZipCode: '84043', AssignedSubscriberId: 'TSUID-1234567999' };
    await ok('settings', 'saveProfile', { environment: 'practice', accountId: 'AID-x', profile: good });
    const file = JSON.parse(readFileSync(join(dataRoot, 'settings.json'), 'utf8'));
    expect(file.practice).toMatchObject({ accountId: 'AID-x', profile: { AreaCode: '801', ZipCode: '84043' } });
  });

  it('validates limits and the API URL (https only, loopback http allowed)', async () => {
    const { ok, code } = await setup();
    expect(await code('settings', 'saveLimits', { rateLimitPerMinute: 0, concurrency: 4 })).toBe('invalid_limits');
    expect(await code('settings', 'saveLimits', { rateLimitPerMinute: 50, concurrency: 100 })).toBe('invalid_limits');
    expect(await ok<{ rateLimitPerMinute: number }>('settings', 'saveLimits', { rateLimitPerMinute: 120, concurrency: 8 })).toMatchObject({
      rateLimitPerMinute: 120,
      concurrency: 8,
    });
    expect(await code('settings', 'saveApiBaseUrl', { url: 'http://api.telegent.com' })).toBe('invalid_api_url');
    expect(
      (await ok<{ production: { apiBaseUrl: string } }>('settings', 'saveApiBaseUrl', { url: 'https://api.telegent.com/v1.0/' })).production.apiBaseUrl,
    ).toBe('https://api.telegent.com');
  });

  it('tests the practice connection with no credentials at all', async () => {
    const { ok } = await setup();
    expect(await ok('connection', 'test', { environment: 'practice' })).toMatchObject({
      environment: 'practice',
      messageRoutes: 2,
      voiceRoutes: 1,
      accounts: 1,
    });
    const lists = await ok<Record<string, { ok: boolean; items?: unknown[] }>>('connection', 'lists', { environment: 'practice', accountId: '' });
    expect(lists['messageRoutes']).toMatchObject({ ok: true });
    expect(lists['subscribers']!.items).toHaveLength(3);
  });

  it('saves credentials without ever returning the secret, and clears them', async () => {
    const { ok, code } = await setup();
    expect(await ok('credentials', 'status')).toMatchObject({ set: false, storage: 'memory', problem: null });
    expect(await code('credentials', 'save', { accountKey: '', accountSecret: 'x' })).toBe('invalid_credentials');
    expect(await code('credentials', 'save', { accountKey: 'DID-1 2', accountSecret: 'x' })).toBe('invalid_credentials');
    const saved = await ok('credentials', 'save', { accountKey: ` ${KEY} `, accountSecret: SECRET });
    expect(saved).toEqual({ set: true, accountKeyHint: 'DID-1234…prod', storage: 'memory', problem: null, productionTested: false });
    expect(JSON.stringify(saved)).not.toContain(SECRET);
    expect(await ok('credentials', 'clear')).toMatchObject({ set: false });
  });

  it('announces every change to the environment status once, from one place, and nothing else', async () => {
    const { ok, production, events, services } = await setup();
    const next = (): Promise<EnvironmentStatus> =>
      new Promise((resolve) => {
        const off = services.events.subscribe((name, payload) => {
          if (name !== 'environmentChanged') return;
          off();
          resolve(payload as EnvironmentStatus);
        });
      });
    // Changes that are not about the environment announce nothing.
    await ok('settings', 'saveLimits', { rateLimitPerMinute: 100, concurrency: 2 });
    await ok('labels', 'saveDefaults', { stockId: 'avery-5160', qr: 'compact', barcode: true, dpi: 300 });
    await ok('settings', 'saveApiBaseUrl', { url: 'https://api.telegent.com' });
    const url = next();
    await ok('settings', 'saveApiBaseUrl', { url: production.url });
    expect(await url).toMatchObject({ environment: 'practice' });
    const saved = next();
    await ok('credentials', 'save', { accountKey: KEY, accountSecret: SECRET });
    await saved;
    const tested = next();
    await ok('connection', 'test', { environment: 'production' });
    await tested;
    const switched = next();
    await ok('environment', 'switch', { to: 'production', confirmed: true });
    expect(await switched).toMatchObject({ environment: 'production', connection: 'connected' });
    await settle();
    expect(events.map((e) => `${e.environment}/${e.connection}`)).toEqual([
      'practice/simulator-running',
      'practice/simulator-running',
      'practice/simulator-running',
      'production/connected',
    ]);
  });

  it('guards the switch to production: credentials, a passing test of them, and confirmation', async () => {
    const { ok, code, production, events, services } = await setup();
    expect(await code('environment', 'switch', { to: 'production', confirmed: true })).toBe('no_credentials');
    await ok('settings', 'saveApiBaseUrl', { url: production.url });
    expect(await code('connection', 'test', { environment: 'production' })).toBe('no_credentials');

    await ok('credentials', 'save', { accountKey: KEY, accountSecret: 'wrong-secret' });
    expect(await ok('credentials', 'status')).toMatchObject({ set: true, productionTested: false });
    expect(await code('environment', 'switch', { to: 'production', confirmed: true })).toBe('connection_not_tested');
    expect(await code('connection', 'test', { environment: 'production' })).toBe('telegent_auth');
    expect((await ok<{ production: { connectionTest: { ok: boolean } } }>('settings', 'get')).production.connectionTest).toMatchObject({ ok: false });
    expect(await code('environment', 'switch', { to: 'production', confirmed: true })).toBe('connection_not_tested');

    await ok('credentials', 'save', { accountKey: KEY, accountSecret: SECRET });
    expect((await ok<{ production: { connectionTest: unknown } }>('settings', 'get')).production.connectionTest).toBeNull();
    expect(await ok('connection', 'test', { environment: 'production' })).toMatchObject({
      environment: 'production',
      apiBaseUrl: production.url,
      messageRoutes: 2,
    });
    // Settings offers the switch by the rule the switch itself and the batch gate use.
    expect(await ok('credentials', 'status')).toMatchObject({ set: true, productionTested: true });
    expect(await code('environment', 'switch', { to: 'production', confirmed: false })).toBe('confirmation_required');
    const status = await ok<EnvironmentStatus>('environment', 'switch', { to: 'production', confirmed: true });
    expect(status).toMatchObject({ environment: 'production', apiBaseUrl: production.url, connection: 'connected' });
    expect(status.dataDir.endsWith('production')).toBe(true);
    await settle();
    expect(events.at(-1)).toMatchObject({ environment: 'production', connection: 'connected' });

    // Changing the URL clears the secret bound to the old one, and with it production.
    await ok('settings', 'saveApiBaseUrl', { url: 'https://api.telegent.com' });
    expect(await ok('credentials', 'status')).toMatchObject({ set: false });
    expect(await ok('environment', 'status')).toMatchObject({ environment: 'practice' });
    expect((await ok<{ production: { connectionTest: unknown } }>('settings', 'get')).production.connectionTest).toBeNull();
    expect(services.impl).toBeDefined();
  });

  it('never sends the stored secret to a URL it was not saved for (the secret-stealing chain)', async () => {
    const { ok, code, production, dataRoot, credentials } = await setup();
    // A local page that points the URL at itself and records whatever it is sent.
    const seen: string[] = [];
    const thief = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${body}`);
        res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve) => thief.listen(0, '127.0.0.1', resolve));
    const thiefUrl = `http://127.0.0.1:${(thief.address() as AddressInfo).port}`;
    cleanups.push(() => new Promise((resolve) => thief.close(() => resolve())));

    await ok('settings', 'saveApiBaseUrl', { url: production.url });
    await ok('credentials', 'save', { accountKey: KEY, accountSecret: SECRET });
    // Step 1: through the contract, pointing the URL elsewhere drops the secret.
    await ok('settings', 'saveApiBaseUrl', { url: thiefUrl });
    expect(await code('connection', 'test', { environment: 'production' })).toBe('no_credentials');
    // Step 2: even if the settings file is edited behind SimFleet's back (read at the next
    // start), the stored secret is only ever sent to the URL it was entered for.
    await ok('settings', 'saveApiBaseUrl', { url: production.url });
    await ok('credentials', 'save', { accountKey: KEY, accountSecret: SECRET });
    const settingsFile = join(dataRoot, 'settings.json');
    writeFileSync(settingsFile, readFileSync(settingsFile, 'utf8').replace(production.url, thiefUrl));
    const restarted = await setup({ dataRoot, credentials });
    expect((await restarted.ok<{ production: { apiBaseUrl: string } }>('settings', 'get')).production.apiBaseUrl).toBe(thiefUrl);
    expect(await restarted.code('connection', 'test', { environment: 'production' })).toBe('credentials_not_for_url');
    expect(seen).toEqual([]);
  });

  it('reports an unreachable production API as unreachable, and its lists as failed (manual entry)', async () => {
    const { ok, code } = await setup();
    const dead = await startSimulator();
    const url = dead.url;
    await dead.close();
    await ok('settings', 'saveApiBaseUrl', { url });
    await ok('credentials', 'save', { accountKey: KEY, accountSecret: SECRET });
    expect(await code('connection', 'test', { environment: 'production' })).toBe('telegent_network');
    const lists = await ok<Record<string, { ok: boolean; error?: { message: string } }>>('connection', 'lists', { environment: 'production', accountId: '' });
    for (const list of Object.values(lists)) {
      expect(list.ok).toBe(false);
      expect(list.error!.message).toMatch(/could not be reached|Could not connect/);
    }
  });

  it('leaves the secret nowhere on disk after the whole flow, while the log records what happened', async () => {
    const { ok, code, production, dataRoot, services } = await setup();
    await ok('settings', 'saveApiBaseUrl', { url: production.url });
    await ok('credentials', 'save', { accountKey: KEY, accountSecret: SECRET });
    await ok('connection', 'test', { environment: 'production' });
    await ok('connection', 'lists', { environment: 'production', accountId: '' });
    await ok('environment', 'switch', { to: 'production', confirmed: true });
    await ok('credentials', 'save', { accountKey: KEY, accountSecret: `${SECRET}-2` });
    await code('connection', 'test', { environment: 'production' });
    // The log is written in the background: everything logged so far must be on disk before it is searched.
    await services.logger.flush();

    const files = filesBelow(dataRoot);
    expect(files.some((f) => f.endsWith('settings.json'))).toBe(true);
    const log = files.find((f) => f.endsWith('simfleet.log'));
    expect(log).toBeDefined();
    const logText = readFileSync(log!, 'utf8');
    expect(logText).toContain('credentials.saved');
    expect(logText).toContain('connection.test');
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain(SECRET);
  });
});
