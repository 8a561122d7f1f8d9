import { describe, expect, it, vi } from 'vitest';
import type { ServiceImpl } from '../../preload/contract';
import { createDispatch } from '../../main/bridge/dispatch';
import { UserError } from '../../main/errors/user-error';

function services(overrides: Partial<Record<string, unknown>> = {}): ServiceImpl {
  const profile = {
    NumberType: 'mvno',
    MessageType: 'p2p',
    ProductType: 'Sms+Data',
    MessageEnabled: true,
    VoiceEnabled: false,
    DataEnabled: true,
    MessageRouteId: '',
    VoiceRouteId: '',
    AreaCode: '',
    ZipCode: '',
    AssignedSubscriberId: '',
  };
  const settings = {
    environment: 'practice',
    rateLimitPerMinute: 50,
    concurrency: 4,
    practice: { accountId: '', profile },
    production: { accountId: '', profile, apiBaseUrl: 'https://api.telegent.com', connectionTest: null },
    notice: null,
  };
  return {
    app: { info: async () => ({ name: 'SimFleet', version: '0.0.0', host: 'cli', platform: 'linux' }) },
    environment: {
      status: async () => ({
        environment: 'practice',
        apiBaseUrl: 'http://127.0.0.1:1',
        connection: 'simulator-running',
        simulator: 'built-in',
        dataDir: '/tmp',
      }),
    },
    settings: { get: async () => settings },
    ...overrides,
  } as unknown as ServiceImpl;
}

describe('contract dispatch', () => {
  it('answers a valid call with ok and the value', async () => {
    const result = await createDispatch(services())('app', 'info', undefined);
    expect(result).toEqual({ ok: true, value: { name: 'SimFleet', version: '0.0.0', host: 'cli', platform: 'linux' } });
  });

  it('refuses names that are not in the contract, including prototype keys', async () => {
    const dispatch = createDispatch(services());
    for (const [ns, m] of [
      ['app', 'nope'],
      ['nope', 'info'],
      ['app', 'constructor'],
      ['__proto__', 'toString'],
      ['app', 'hasOwnProperty'],
    ]) {
      const result = await dispatch(ns!, m!, undefined);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('unknown_method');
    }
  });

  it('refuses a payload that does not match the request schema, before the service runs', async () => {
    const info = vi.fn();
    const result = await createDispatch(services({ app: { info } }))('app', 'info', { sneaky: true });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_request');
      expect(result.error.message).toContain('app.info');
    }
    expect(info).not.toHaveBeenCalled();
  });

  it('turns a UserError into an error value with code, message and details', async () => {
    const failing = {
      info: async () => {
        throw new UserError('keychain_locked', 'Unlock the keyring and try again.', { hint: 'x' });
      },
    };
    const result = await createDispatch(services({ app: failing }))('app', 'info', undefined);
    expect(result).toEqual({ ok: false, error: { code: 'keychain_locked', message: 'Unlock the keyring and try again.', details: { hint: 'x' } } });
  });

  it('hides unexpected exceptions behind a generic message and logs them', async () => {
    const log = vi.fn();
    const failing = {
      info: async () => {
        throw new Error('ECONNRESET at secret place');
      },
    };
    const result = await createDispatch(services({ app: failing }), log)('app', 'info', undefined);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('internal');
      expect(result.error.message).not.toContain('secret');
    }
    expect(log).toHaveBeenCalledOnce();
  });

  it('strips undeclared fields from responses so nothing rides along', async () => {
    const leaky = { info: async () => ({ name: 'SimFleet', version: '1', host: 'cli', platform: 'linux', accountSecret: 'hunter2' }) };
    const result = await createDispatch(services({ app: leaky }))('app', 'info', undefined);
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('refuses to pass on a response that breaks its schema', async () => {
    const broken = { info: async () => ({ name: 42 }) };
    const result = await createDispatch(services({ app: broken }), () => {})('app', 'info', undefined);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('internal');
  });
});
