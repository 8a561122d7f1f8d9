import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TelegentClient, type ClientOptions, type ProvisionInput } from '../../main/telegent/client';
import { ENDPOINTS } from '../../main/telegent/endpoints';
import { TelegentError } from '../../main/telegent/errors';
import { RateLimiter } from '../../main/telegent/rate-limiter';
import { httpTransport, type Transport } from '../../main/telegent/transport';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../main/simulator/server';
import { PRACTICE_ACCOUNT_KEY, PRACTICE_ACCOUNT_SECRET } from '../../main/simulator/state';
import { FakeClock } from '../helpers/fake-clock';
import { MRID } from '../helpers/sim-http';

const running: Array<{ close(): Promise<void> | void }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function sim(options: SimulatorOptions = {}): Promise<Simulator> {
  const s = await startSimulator({ rateLimitPerMinute: 0, ...options });
  running.push(s);
  return s;
}

function client(s: { url: string }, overrides: Partial<ClientOptions> = {}): TelegentClient {
  return new TelegentClient({
    baseUrl: s.url,
    credentials: async () => ({ accountKey: PRACTICE_ACCOUNT_KEY, accountSecret: PRACTICE_ACCOUNT_SECRET }),
    limiter: new RateLimiter({ perMinute: 6000 }),
    timeoutMs: 2000,
    ...overrides,
  });
}

let seq = 0;
function input(extra: Partial<ProvisionInput> = {}): ProvisionInput {
  return {
    NumberType: 'mvno',
    MessageType: 'p2p',
    ProductType: 'Sms+Data',
    MessageEnabled: true,
    VoiceEnabled: false,
    DataEnabled: true,
    MessageRouteId: MRID,
    VoiceRouteId: '',
    AreaCode: '',
    ZipCode: '',
    AssignedSubscriberId: '',
    AccountId: '',
    ICCID: `89012609${String(10_000_000_000 + seq++)}`,
    ...extra,
  };
}

async function failure(promise: Promise<unknown>): Promise<TelegentError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TelegentError) return error;
    throw error;
  }
  throw new Error('expected a TelegentError');
}

describe('Telegent client against the simulator', () => {
  it('provisions and reads the number back by ICCID and by number', async () => {
    const s = await sim();
    const c = client(s);
    const req = input({ AssignedSubscriberId: 'TSUID-1234567999' });
    const result = await c.provision(req);
    expect(result).toMatchObject({ orderStatus: 'Complete', iccid: req.ICCID, subscriberId: 'TSUID-1234567999', errorMessage: null, lpa: null });
    expect(result.phoneNumber).toMatch(/^\+1\d{10}$/);
    expect((await c.numberByIccid(req.ICCID))?.number).toBe(result.phoneNumber);
    expect((await c.numberByNumber(result.phoneNumber!))?.iccid).toBe(req.ICCID);
    expect(await c.numberByIccid('8901000000000000000')).toBeNull();
    const order = await c.orderStatus(result.orderId!);
    expect(order).toMatchObject({ orderStatus: 'Complete', numbers: [result.phoneNumber] });
  });

  it('mints one token per endpoint URL and reuses it: one request per call after the first', async () => {
    const s = await sim();
    const c = client(s);
    await c.messageRoutes();
    await c.messageRoutes();
    await c.accounts();
    await c.accounts();
    expect(c.tokens.mints()).toBe(2);
    expect(c.requests()).toBe(6);
    expect(s.stats().byPath['/v1.0/oauth2/tokens']).toBe(2);
  });

  it('lists routes, accounts and every subscriber page', async () => {
    const s = await sim();
    const c = client(s);
    expect((await c.messageRoutes()).map((r) => r.id)).toContain(MRID);
    expect((await c.voiceRoutes())[0]!.id).toMatch(/^CRID-/);
    expect((await c.accounts())[0]!.id).toMatch(/^AID-/);
    const all = await c.allSubscribers(2);
    expect(all.map((x) => x.id)).toHaveLength(3);
    expect(s.stats().byPath['/v1.0/distributor/subscribers']).toBe(2);
  });

  it('re-mints proactively when the cached token reaches tokenExpiry', async () => {
    const s = await sim({ tokenTtlSeconds: 300 });
    const clock = new FakeClock(Date.now());
    const c = client(s, { clock });
    await c.accounts();
    await clock.advance(200_000);
    await c.accounts();
    expect(c.tokens.mints()).toBe(1);
    await clock.advance(80_000);
    await c.accounts();
    expect(c.tokens.mints()).toBe(2);
  });

  it('re-mints once on 401 (token expired mid-batch) and carries on', async () => {
    const s = await sim();
    const c = client(s);
    await c.provision(input());
    s.setFaults([{ kind: 'token-expired', times: 1 }]);
    const second = await c.provision(input());
    expect(second.orderStatus).toBe('Complete');
    expect(c.tokens.mints()).toBe(2);
    expect(s.ledger()).toHaveLength(2);
  });

  it('re-mints once on 403, then reports a scope error if it persists', async () => {
    const s = await sim();
    let forced = 0;
    const transport: Transport = async (req) => {
      if (req.url.includes('/distributor/accounts') && forced < 2) {
        forced++;
        return { status: 403, headers: new Headers(), text: JSON.stringify({ StatusCode: 403, Message: 'Forbidden: check the ApiEndpoint scope.' }) };
      }
      return httpTransport(req);
    };
    const c = client(s, { transport });
    const error = await failure(c.accounts());
    expect(error.telegentCode).toBe('scope');
    expect(error.apiMessage).toContain('ApiEndpoint scope');
    expect(c.tokens.mints()).toBe(2);
    forced = 1;
    expect((await c.accounts()).length).toBe(1);
  });

  it('answers a wrong secret with an auth error that does not contain the secret', async () => {
    const s = await sim();
    const c = client(s, { credentials: async () => ({ accountKey: PRACTICE_ACCOUNT_KEY, accountSecret: 'wrong-secret-value' }) });
    const error = await failure(c.messageRoutes());
    expect(error.telegentCode).toBe('auth');
    expect(error.mayHaveBeenProcessed).toBe(false);
    expect(error.message).toContain('AccountKey and AccountSecret');
    expect(JSON.stringify(error.toValue())).not.toContain('wrong-secret-value');
  });

  it('redacts the secret if the server echoes it in an error', async () => {
    const echo = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const secret = (JSON.parse(body) as { AccountSecret: string }).AccountSecret;
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ StatusCode: 401, Message: `AccountSecret ${secret} is invalid` }));
      });
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    running.push({ close: () => void echo.close() });
    const c = client(
      { url: `http://127.0.0.1:${(echo.address() as AddressInfo).port}` },
      { credentials: async () => ({ accountKey: 'DID-x', accountSecret: 'topsecret-123' }) },
    );
    const error = await failure(c.accounts());
    expect(error.telegentCode).toBe('auth');
    expect(`${error.message} ${JSON.stringify(error.toValue())}`).not.toContain('topsecret-123');
    expect(error.message).toContain('[redacted]');
  });

  it('never follows a redirect on any endpoint: the collector it names receives nothing, the error names it, a purchase is uncertain', async () => {
    const s = await sim();
    const collected: string[] = [];
    const collector = createServer((req, res) => {
      collected.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => res.end('{}'));
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.2', r));
    running.push({ close: () => void collector.close() });
    const elsewhere = `http://127.0.0.2:${(collector.address() as AddressInfo).port}`;
    let redirected = '';
    // In front of the simulator: the one endpoint under test answers 307 to the collector, with a query carrying a secret.
    const front = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if ((req.url ?? '').split('?')[0] === redirected) {
          res.writeHead(307, { location: `${elsewhere}/collect?AccountSecret=${PRACTICE_ACCOUNT_SECRET}` });
          res.end();
          return;
        }
        const target = new URL(s.url);
        const out = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        out.end(body);
      });
    });
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
    running.push({ close: () => void front.close() });
    const url = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
    const calls: ReadonlyArray<readonly [string, (c: TelegentClient) => Promise<unknown>, boolean]> = [
      [ENDPOINTS.token, (c) => c.accounts(), false],
      [ENDPOINTS.provision, (c) => c.provision(input()), true],
      [ENDPOINTS.numbers, (c) => c.numberByIccid(input().ICCID), false],
      [ENDPOINTS.order, (c) => c.orderStatus('JNUOID-any'), false],
      [ENDPOINTS.accounts, (c) => c.accounts(), false],
      [ENDPOINTS.messageRoutes, (c) => c.messageRoutes(), false],
    ];
    for (const [endpoint, call, purchase] of calls) {
      redirected = endpoint;
      const error = await failure(call(client({ url }, { readRetries: 0 })));
      expect(error.message, endpoint).toContain(`redirect (307) to ${elsewhere}/collect, which SimFleet never follows: nothing was sent there.`);
      expect(error.message, endpoint).not.toContain(PRACTICE_ACCOUNT_SECRET);
      expect(error.mayHaveBeenProcessed, endpoint).toBe(purchase);
    }
    expect(collected).toEqual([]);
  });

  it('maps a business-rule rejection to validation with the API message, nothing processed', async () => {
    const s = await sim();
    const error = await failure(client(s).provision(input({ NumberType: 'iot', MessageType: 'a2p' })));
    expect(error).toMatchObject({ telegentCode: 'validation', status: 422, mayHaveBeenProcessed: false });
    expect(error.apiMessage).toContain('NumberType / MessageType mismatch');
  });

  it('maps an unknown order to not_found', async () => {
    const s = await sim();
    const error = await failure(client(s).orderStatus('JNUOID-nope'));
    expect(error).toMatchObject({ telegentCode: 'not_found', status: 404, mayHaveBeenProcessed: false });
  });

  it('passes a provision 429 up with retry-after and slows the limiter; nothing processed', async () => {
    const s = await sim({ faults: [{ kind: 'rate-limit-storm', stormLength: 1, retryAfterSeconds: 2, times: 1 }] });
    const limiter = new RateLimiter({ perMinute: 6000 });
    const error = await failure(client(s, { limiter }).provision(input()));
    expect(error).toMatchObject({ telegentCode: 'rate_limited', status: 429, retryAfterMs: 2000, mayHaveBeenProcessed: false });
    expect(limiter.currentRate()).toBeLessThan(6000);
    expect(s.ledger()).toHaveLength(0);
  });

  it('waits out Retry-After and retries reads on 429', async () => {
    const s = await sim({ faults: [{ kind: 'rate-limit-storm', endpoint: '/v1.0/distributor/accounts', stormLength: 2, retryAfterSeconds: 1, times: 1 }] });
    const c = client(s);
    const start = performance.now();
    expect((await c.accounts()).length).toBe(1);
    expect(performance.now() - start).toBeGreaterThanOrEqual(1900);
    expect(s.stats().rateLimited).toBe(2);
  });

  it.each([500, 502, 503, 504])('maps provision HTTP %i to server, may have been processed', async (status) => {
    const s = await sim({ faults: [{ kind: `http-${status}` as 'http-500', times: 1 }] });
    const error = await failure(client(s).provision(input()));
    expect(error).toMatchObject({ telegentCode: 'server', status, mayHaveBeenProcessed: true });
    expect(s.stats().byPath['/v1.0/numbers/provision']).toBe(1);
  });

  it('retries reads on 503 and succeeds', async () => {
    const s = await sim({ faults: [{ kind: 'http-503', endpoint: '/v1.0/numbers/order', times: 1 }] });
    const c = client(s, { readRetries: 2 });
    const p = await c.provision(input());
    expect((await c.orderStatus(p.orderId!)).orderStatus).toBe('Complete');
  });

  it('maps a provision timeout after commit to timeout, may have been processed, never resent', async () => {
    const s = await sim({ faults: [{ kind: 'timeout-after-commit', times: 1, hangMs: 10_000 }] });
    const error = await failure(client(s, { timeoutMs: 300 }).provision(input()));
    expect(error).toMatchObject({ telegentCode: 'timeout', mayHaveBeenProcessed: true });
    expect(s.stats().byPath['/v1.0/numbers/provision']).toBe(1);
    expect(s.ledger()).toHaveLength(1);
  });

  it('maps a reset after commit to network, may have been processed', async () => {
    const s = await sim({ faults: [{ kind: 'reset-after-commit', times: 1 }] });
    const error = await failure(client(s).provision(input()));
    expect(error).toMatchObject({ telegentCode: 'network', mayHaveBeenProcessed: true });
  });

  it('maps a refused connection to network, nothing processed', async () => {
    const s = await sim();
    const url = s.url;
    await s.close();
    running.splice(0);
    const error = await failure(client({ url }, { readRetries: 0 }).provision(input()));
    expect(error).toMatchObject({ telegentCode: 'network', mayHaveBeenProcessed: false });
  });

  it('maps an unreadable 200 to malformed: a purchase may have happened', async () => {
    const s = await sim({ faults: [{ kind: 'malformed-json', times: 1 }] });
    const error = await failure(client(s).provision(input()));
    expect(error).toMatchObject({ telegentCode: 'malformed', mayHaveBeenProcessed: true });
    expect(s.ledger()).toHaveLength(1);
  });

  it('maps a token-endpoint failure to "not processed": the provision was never sent', async () => {
    const s = await sim({ faults: [{ kind: 'malformed-json', endpoint: '/v1.0/oauth2/tokens' }] });
    const error = await failure(client(s, { readRetries: 0 }).provision(input()));
    expect(error.mayHaveBeenProcessed).toBe(false);
    expect(s.stats().byPath['/v1.0/numbers/provision']).toBeUndefined();
  });

  it('refuses a plain-http base URL off loopback with a config error', () => {
    expect(() => client({ url: 'http://api.telegent.com' })).toThrow(/must use https/);
  });

  it('counts token mints against the rate limit: N calls on a fresh client cost N + endpoints', async () => {
    const s = await sim({ rateLimitPerMinute: 5 });
    const c = client(s, { limiter: new RateLimiter({ perMinute: 5, burst: 5 }) });
    await c.accounts();
    await c.accounts();
    await c.messageRoutes();
    // 3 calls + 2 mints = 5: the simulator's budget is spent exactly, with no 429.
    expect(s.stats()).toMatchObject({ requests: 5, rateLimited: 0 });
  });
});
