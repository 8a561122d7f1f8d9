import { afterEach, describe, expect, it } from 'vitest';
import type { FaultKind } from '../../main/simulator/faults';
import { parseUs12h } from '../../main/telegent/us-datetime';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../main/simulator/server';
import { call, CRID, mint, MRID, provisionBody } from '../helpers/sim-http';

const running: Simulator[] = [];
async function sim(options: SimulatorOptions = {}): Promise<Simulator> {
  const s = await startSimulator({ rateLimitPerMinute: 0, ...options });
  running.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

const PROVISION = '/v1.0/numbers/provision';
let iccidSeq = 0;
const nextIccid = () => `8901260${String(100000000000 + iccidSeq++)}`;

async function provision(s: Simulator, body: Record<string, unknown>) {
  const token = await mint(s.url, PROVISION);
  return call(s.url, 'POST', PROVISION, { body, token });
}

describe('POST /v1.0/oauth2/tokens', () => {
  it('mints a token with lowercase successful and a US 12-hour tokenExpiry about one TTL away', async () => {
    const s = await sim({ tokenTtlSeconds: 120 });
    const before = Date.now();
    const r = await call(s.url, 'POST', '/v1.0/oauth2/tokens', {
      body: { AccountKey: s.state.setup.accountKey, AccountSecret: s.state.setup.accountSecret, ApiEndpoint: s.url + PROVISION },
    });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['successful', 'token', 'tokenExpiry']);
    expect(r.body['successful']).toBe(true);
    const expiry = parseUs12h(r.body['tokenExpiry'] as string);
    expect(expiry).not.toBeNull();
    expect(expiry!).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 119_000);
    expect(expiry!).toBeLessThanOrEqual(Date.now() + 121_000);
  });

  it('accepts the OAuth2 path casing too', async () => {
    const s = await sim();
    const r = await call(s.url, 'POST', '/v1.0/OAuth2/tokens', {
      body: { AccountKey: s.state.setup.accountKey, AccountSecret: s.state.setup.accountSecret, ApiEndpoint: s.url + PROVISION },
    });
    expect(r.status).toBe(200);
  });

  it('rejects a missing ApiEndpoint with the documented message', async () => {
    const s = await sim();
    const r = await call(s.url, 'POST', '/v1.0/oauth2/tokens', { body: { AccountKey: s.state.setup.accountKey, AccountSecret: s.state.setup.accountSecret } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ StatusCode: 400, Message: 'The ApiEndpoint field is required.' });
  });

  it('rejects wrong credentials with 401', async () => {
    const s = await sim();
    const r = await call(s.url, 'POST', '/v1.0/oauth2/tokens', {
      body: { AccountKey: s.state.setup.accountKey, AccountSecret: 'wrong', ApiEndpoint: s.url + PROVISION },
    });
    expect(r.status).toBe(401);
    expect(r.body['StatusCode']).toBe(401);
  });

  it('checks custom keys given at start', async () => {
    const s = await sim({ setup: { accountKey: 'DID-custom', accountSecret: 's3cret' } });
    await expect(mint(s.url, PROVISION, { key: 'DID-custom', secret: 's3cret' })).resolves.toMatch(/^sim\./);
    await expect(mint(s.url, PROVISION)).rejects.toThrow(/401/);
  });
});

describe('token scope', () => {
  it('a token works only on the endpoint it was minted for', async () => {
    const s = await sim();
    const token = await mint(s.url, PROVISION);
    const r = await call(s.url, 'GET', '/v1.0/numbers/order?OrderId=JNUOID-x', { token });
    expect(r.status).toBe(403);
    expect(r.body['Message']).toContain('ApiEndpoint scope');
  });

  it('a GET token minted for the bare path serves any query string', async () => {
    const s = await sim();
    const token = await mint(s.url, '/v1.0/account/message/routes');
    expect((await call(s.url, 'GET', '/v1.0/account/message/routes?AccountId=AID-x', { token })).status).toBe(200);
  });

  it('no token, an unknown token and an expired token answer 401', async () => {
    const s = await sim({ tokenTtlSeconds: 0 });
    expect((await call(s.url, 'POST', PROVISION, { body: provisionBody(nextIccid()) })).status).toBe(401);
    expect((await call(s.url, 'POST', PROVISION, { body: provisionBody(nextIccid()), token: 'sim.nope' })).status).toBe(401);
    const expired = await mint(s.url, PROVISION);
    const r = await call(s.url, 'POST', PROVISION, { body: provisionBody(nextIccid()), token: expired });
    expect(r.status).toBe(401);
    expect(r.body['Message']).toContain('expired');
  });
});

describe('POST /v1.0/numbers/provision', () => {
  it('answers exactly the documented shape for a pSIM', async () => {
    const s = await sim();
    const iccid = nextIccid();
    const r = await provision(s, provisionBody(iccid, { AssignedSubscriberId: 'TSUID-1234567999' }));
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(
      ['ErrorMessage', 'ICCID', 'OrderDate', 'OrderId', 'OrderStatus', 'PhoneNumberAssigned', 'PhoneNumberId', 'QRCode', 'SubscriberId', 'ZipCode'].sort(),
    );
    expect(r.body).toMatchObject({ OrderStatus: 'Complete', ICCID: iccid, ErrorMessage: null, SubscriberId: 'TSUID-1234567999', QRCode: null });
    expect(r.body['PhoneNumberAssigned']).toMatch(/^\+1\d{10}$/);
    expect(r.body['PhoneNumberId']).toMatch(/^NID-[0-9a-f-]{36}$/);
    expect(r.body['OrderId']).toMatch(/^JNUOID-[0-9a-f-]{36}$/);
    expect(r.body['OrderDate']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+\+00:00$/);
    expect(r.body['ZipCode']).toMatch(/^\d{5}$/);
    expect(s.ledger()).toHaveLength(1);
    expect(s.ledger()[0]).toMatchObject({ iccid, number: r.body['PhoneNumberAssigned'], outcome: 'bought' });
  });

  it('gives an eSIM order (no ICCID) a QRCode URL carrying the LPA string', async () => {
    const s = await sim();
    const r = await provision(s, provisionBody(undefined));
    expect(r.status).toBe(200);
    const qr = new URL(r.body['QRCode'] as string);
    expect(qr.hostname).toBe('quickchart.io');
    expect(qr.searchParams.get('text')).toMatch(/^LPA:1\$T-MOBILE\.IDEMIA\.IO\$[A-Z0-9-]+$/);
  });

  it('honours AreaCode and ZipCode', async () => {
    const s = await sim();
    const r = await provision(s, provisionBody(nextIccid(), { AreaCode: '201', ZipCode: '84043' }));
    expect(r.body['PhoneNumberAssigned']).toMatch(/^\+1201/);
    expect(r.body['ZipCode']).toBe('84043');
  });

  it.each(['NumberType', 'MessageType', 'MessageEnabled', 'VoiceEnabled', 'ProductType'])('requires %s', async (field) => {
    const s = await sim();
    const body = provisionBody(nextIccid());
    delete body[field];
    const r = await provision(s, body);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ StatusCode: 400, Message: `The ${field} field is required.` });
    expect(s.ledger()).toHaveLength(0);
  });

  it.each([
    [{ NumberType: 'voip' }, 400, "'voip' is not valid for NumberType"],
    [{ MessageType: 'A2P' }, 400, 'not valid for MessageType'],
    [{ ProductType: 'sms+data+voice' }, 400, 'not valid for ProductType'],
    [{ ProductType: 'Sms+Data+Voice ' }, 400, 'not valid for ProductType'],
    [{ MessageEnabled: 'true' }, 400, 'MessageEnabled field must be true or false'],
    [{ DataEnabled: 'yes' }, 400, 'DataEnabled field must be true or false'],
    [{ NumberType: 'iot', MessageType: 'a2p' }, 422, 'NumberType / MessageType mismatch'],
    [{ MessageRouteId: undefined }, 400, 'MessageRouteId is required'],
    [{ MessageRouteId: '' }, 400, 'MessageRouteId is required'],
    [{ MessageRouteId: 'MRID-unknown' }, 422, 'Invalid MessageRouteId'],
    [{ VoiceEnabled: true }, 400, 'VoiceRouteId is required'],
    [{ VoiceEnabled: true, VoiceRouteId: 'CRID-unknown' }, 422, 'Invalid VoiceRouteId'],
    [{ CallRouteId: CRID, VoiceEnabled: true }, 400, 'VoiceRouteId is required'],
    [{ AccountId: 'AID-unknown' }, 422, 'Invalid AccountId'],
    [{ AssignedSubscriberId: 'TSUID-unknown' }, 422, 'Invalid AssignedSubscriberId'],
    [{ AreaCode: '80' }, 400, 'AreaCode must be a 3-digit'],
    [{ ZipCode: '8460' }, 400, 'ZipCode must be a valid 5-digit'],
  ] as Array<[Record<string, unknown>, number, string]>)('rejects %j with %i', async (change, status, message) => {
    const s = await sim();
    const body = { ...provisionBody(nextIccid()), ...change };
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete body[k];
    const r = await provision(s, body);
    expect(r.status).toBe(status);
    expect(r.body['StatusCode']).toBe(status);
    expect(r.body['Message']).toContain(message);
    expect(s.ledger()).toHaveLength(0);
  });

  it('accepts voice with a known VoiceRouteId', async () => {
    const s = await sim();
    const r = await provision(s, provisionBody(nextIccid(), { VoiceEnabled: true, VoiceRouteId: CRID, ProductType: 'Sms+Data+Voice' }));
    expect(r.status).toBe(200);
  });

  it('requires AccountId when the distributor has more than one account', async () => {
    const s = await sim({
      setup: {
        accounts: [
          { AccountId: 'AID-one', AccountName: 'One' },
          { AccountId: 'AID-two', AccountName: 'Two' },
        ],
        messageRoutes: [{ MessageRouteId: MRID, RouteName: 'r', AccountId: 'AID-one' }],
      },
    });
    const missing = await provision(s, provisionBody(nextIccid()));
    expect(missing.status).toBe(400);
    expect(missing.body['Message']).toContain('AccountId is required');
    expect((await provision(s, provisionBody(nextIccid(), { AccountId: 'AID-two' }))).status).toBe(200);
  });

  it('sells a bound ICCID again by default, as the docs allow', async () => {
    const s = await sim();
    const first = await provision(s, provisionBody('89012609999999999909'));
    const second = await provision(s, provisionBody('89012609999999999909'));
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body['PhoneNumberAssigned']).not.toBe(first.body['PhoneNumberAssigned']);
    expect(s.ledger().filter((e) => e.iccid === '89012609999999999909')).toHaveLength(2);
  });

  it('with --duplicate-iccid refuse, rejects an ICCID already bound to a number, naming the number', async () => {
    const s = await sim({ duplicateIccid: 'refuse' });
    const iccid = nextIccid();
    const first = await provision(s, provisionBody(iccid));
    const second = await provision(s, provisionBody(iccid));
    expect(second.status).toBe(422);
    expect(second.body['Message']).toContain(first.body['PhoneNumberAssigned'] as string);
    expect(s.ledger()).toHaveLength(1);
  });

  it('rejects a body that is not a JSON object', async () => {
    const s = await sim();
    const token = await mint(s.url, PROVISION);
    const r = await call(s.url, 'POST', PROVISION, { raw: '{not json', token });
    expect(r.status).toBe(400);
    expect(r.body['StatusCode']).toBe(400);
  });

  it('answers 405 for the wrong method and 404 for unknown paths, in the error shape', async () => {
    const s = await sim();
    const wrong = await call(s.url, 'GET', PROVISION);
    expect(wrong.status).toBe(405);
    expect(wrong.body['StatusCode']).toBe(405);
    const unknown = await call(s.url, 'GET', '/v1.0/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body['StatusCode']).toBe(404);
  });
});

describe('GET /v1.0/numbers/order', () => {
  it('reports a completed provision order', async () => {
    const s = await sim();
    const p = await provision(s, provisionBody(nextIccid()));
    const token = await mint(s.url, '/v1.0/numbers/order');
    const r = await call(s.url, 'GET', `/v1.0/numbers/order?OrderId=${p.body['OrderId'] as string}`, { token });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      OrderId: p.body['OrderId'],
      OrderStatus: 'Complete',
      OrderType: 'provision',
      PhoneNumbersOrdered: [{ Number: p.body['PhoneNumberAssigned'] }],
    });
    expect(r.body['OrderDate']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{2}$/);
  });

  it('answers 404 for an unknown order', async () => {
    const s = await sim();
    const token = await mint(s.url, '/v1.0/numbers/order');
    expect((await call(s.url, 'GET', '/v1.0/numbers/order?OrderId=JNUOID-nope', { token })).status).toBe(404);
  });

  it('keeps a pending order Pending for N polls, then completes it', async () => {
    const s = await sim({ faults: [{ kind: 'pending', pendingPolls: 2, pendingOutcome: 'Complete' }] });
    const iccid = nextIccid();
    const p = await provision(s, provisionBody(iccid));
    expect(p.body).toMatchObject({ OrderStatus: 'Pending', PhoneNumberAssigned: null, PhoneNumberId: null });
    expect(s.ledger()[0]!.outcome).toBe('pending');
    const token = await mint(s.url, '/v1.0/numbers/order');
    const poll = () => call(s.url, 'GET', `/v1.0/numbers/order?OrderId=${p.body['OrderId'] as string}`, { token });
    expect((await poll()).body['OrderStatus']).toBe('Pending');
    expect((await poll()).body['OrderStatus']).toBe('Pending');
    const final = await poll();
    expect(final.body['OrderStatus']).toBe('Complete');
    expect((final.body['PhoneNumbersOrdered'] as unknown[]).length).toBe(1);
    expect(s.ledger()[0]!.outcome).toBe('bought');
  });

  it('ends a pending order in Error with a carrier message and releases the ICCID', async () => {
    const s = await sim({ faults: [{ kind: 'pending', pendingPolls: 0, pendingOutcome: 'Error', times: 1 }] });
    const iccid = nextIccid();
    const p = await provision(s, provisionBody(iccid));
    const token = await mint(s.url, '/v1.0/numbers/order');
    const final = await call(s.url, 'GET', `/v1.0/numbers/order?OrderId=${p.body['OrderId'] as string}`, { token });
    expect(final.body).toMatchObject({ OrderStatus: 'Error', OrderStatusMessage: '8A-ACCOUNT_NUM_REQ_OR_INCORRECT' });
    expect(s.ledger()[0]!.outcome).toBe('released');
    expect((await provision(s, provisionBody(iccid))).status).toBe(200);
  });
});

describe('GET /v1.0/numbers (lookup)', () => {
  it('finds a number by ICCID in the documented details shape (Iccid, TNID, QrActivationLink)', async () => {
    const s = await sim();
    const iccid = nextIccid();
    const p = await provision(s, provisionBody(iccid));
    const token = await mint(s.url, '/v1.0/numbers');
    const r = await call(s.url, 'GET', `/v1.0/numbers?ICCID=${iccid}`, { token });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      Number: p.body['PhoneNumberAssigned'],
      Iccid: iccid,
      Status: 'Active',
      NumberType: 'Mobile',
      MessageType: 'P2P',
      Classification: 'MVNO',
    });
    expect(r.body['TNID']).toMatch(/^TNID-/);
    expect(r.body).toHaveProperty('QrActivationLink');
  });

  it('finds a number by Number (URL-encoded plus) and by the PhoneNumber alias', async () => {
    const s = await sim();
    const p = await provision(s, provisionBody(nextIccid()));
    const token = await mint(s.url, '/v1.0/numbers');
    const encoded = encodeURIComponent(p.body['PhoneNumberAssigned'] as string);
    expect((await call(s.url, 'GET', `/v1.0/numbers?Number=${encoded}`, { token })).status).toBe(200);
    expect((await call(s.url, 'GET', `/v1.0/numbers?PhoneNumber=${encoded}`, { token })).status).toBe(200);
  });

  it('answers 404 for an unknown ICCID and 400 without any key', async () => {
    const s = await sim();
    const token = await mint(s.url, '/v1.0/numbers');
    const missing = await call(s.url, 'GET', '/v1.0/numbers?ICCID=8901000000000000000', { token });
    expect(missing.status).toBe(404);
    expect(missing.body['StatusCode']).toBe(404);
    expect((await call(s.url, 'GET', '/v1.0/numbers', { token })).status).toBe(400);
  });

  it('shows an unfinished order as Pending', async () => {
    const s = await sim({ faults: [{ kind: 'pending', pendingPolls: 5 }] });
    const iccid = nextIccid();
    await provision(s, provisionBody(iccid));
    const token = await mint(s.url, '/v1.0/numbers');
    expect((await call(s.url, 'GET', `/v1.0/numbers?ICCID=${iccid}`, { token })).body['Status']).toBe('Pending');
  });
});

describe('lists for dropdowns', () => {
  it('lists message routes with AccountID (capital D)', async () => {
    const s = await sim();
    const token = await mint(s.url, '/v1.0/account/message/routes');
    const r = await call(s.url, 'GET', '/v1.0/account/message/routes', { token });
    expect(r.body['TotalRoutes']).toBe(2);
    expect((r.body['Results'] as Array<Record<string, unknown>>)[0]).toMatchObject({ MessageRouteId: MRID, AccountID: expect.stringMatching(/^AID-/) });
    expect(r.body['AccountID']).toMatch(/^AID-/);
  });

  it('lists voice routes with CallRouteId', async () => {
    const s = await sim();
    const token = await mint(s.url, '/v1.0/account/voice/routes');
    const r = await call(s.url, 'GET', '/v1.0/account/voice/routes', { token });
    expect((r.body['Results'] as Array<Record<string, unknown>>)[0]).toMatchObject({ CallRouteId: CRID });
  });

  it('lists accounts', async () => {
    const s = await sim();
    const token = await mint(s.url, '/v1.0/distributor/accounts');
    const r = await call(s.url, 'GET', '/v1.0/distributor/accounts', { token });
    expect(r.body['TotalAccounts']).toBe(1);
  });

  it('pages subscribers with PageNumber and TotalPerPage', async () => {
    const s = await sim();
    const token = await mint(s.url, '/v1.0/distributor/subscribers');
    const p1 = await call(s.url, 'GET', '/v1.0/distributor/subscribers?PageNumber=1&TotalPerPage=2', { token });
    const p2 = await call(s.url, 'GET', '/v1.0/distributor/subscribers?PageNumber=2&TotalPerPage=2', { token });
    expect(p1.body['TotalResults']).toBe(3);
    expect((p1.body['Subscribers'] as unknown[]).length).toBe(2);
    expect((p2.body['Subscribers'] as unknown[]).length).toBe(1);
    expect((await call(s.url, 'GET', '/v1.0/distributor/subscribers?PageNumber=0', { token })).status).toBe(400);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once the per-minute budget is spent, counting token mints', async () => {
    const s = await sim({ rateLimitPerMinute: 4 });
    const token = await mint(s.url, '/v1.0/distributor/accounts'); // 1
    for (let i = 0; i < 3; i++) expect((await call(s.url, 'GET', '/v1.0/distributor/accounts', { token })).status).toBe(200);
    const limited = await call(s.url, 'GET', '/v1.0/distributor/accounts', { token });
    expect(limited.status).toBe(429);
    expect(limited.body['StatusCode']).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(s.stats().rateLimited).toBe(1);
  });
});

describe('latency', () => {
  it('delays every answer by at least the configured latency', async () => {
    const s = await sim({ latencyMs: 120 });
    const start = performance.now();
    await call(s.url, 'GET', '/v1.0/nope');
    expect(performance.now() - start).toBeGreaterThanOrEqual(115);
  });
});

describe('fault injection', () => {
  it('timeout before commit: the client times out and nothing is bought', async () => {
    const s = await sim();
    const iccid = nextIccid();
    s.setFaults([{ kind: 'timeout-before-commit', iccids: [iccid], times: 1, hangMs: 5000 }]);
    const token = await mint(s.url, PROVISION);
    const attempt = fetch(s.url + PROVISION, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify(provisionBody(iccid)),
      signal: AbortSignal.timeout(300),
    });
    await expect(attempt).rejects.toThrow();
    expect(s.ledger()).toHaveLength(0);
    expect((await call(s.url, 'POST', PROVISION, { body: provisionBody(iccid), token })).status).toBe(200);
  });

  it('timeout after commit: the client times out but the number is bought and visible by ICCID', async () => {
    const s = await sim();
    const iccid = nextIccid();
    s.setFaults([{ kind: 'timeout-after-commit', iccids: [iccid], hangMs: 5000 }]);
    const token = await mint(s.url, PROVISION);
    const attempt = fetch(s.url + PROVISION, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify(provisionBody(iccid)),
      signal: AbortSignal.timeout(300),
    });
    await expect(attempt).rejects.toThrow();
    expect(s.ledger()).toHaveLength(1);
    const lookupToken = await mint(s.url, '/v1.0/numbers');
    expect((await call(s.url, 'GET', `/v1.0/numbers?ICCID=${iccid}`, { token: lookupToken })).status).toBe(200);
  });

  it('reset after commit: the connection drops and the number is bought', async () => {
    const s = await sim({ faults: [{ kind: 'reset-after-commit', times: 1 }] });
    const token = await mint(s.url, PROVISION);
    await expect(call(s.url, 'POST', PROVISION, { body: provisionBody(nextIccid()), token })).rejects.toThrow();
    expect(s.ledger()).toHaveLength(1);
  });

  it.each([500, 502, 503, 504])('HTTP %i before commit buys nothing; after commit buys one', async (status) => {
    const s = await sim();
    const kind = `http-${status}` as FaultKind;
    s.setFaults([{ kind, times: 1 }]);
    const before = await provision(s, provisionBody(nextIccid()));
    expect(before.status).toBe(status);
    expect(before.body['StatusCode']).toBe(status);
    expect(s.ledger()).toHaveLength(0);
    s.setFaults([{ kind, times: 1, afterCommit: true }]);
    expect((await provision(s, provisionBody(nextIccid()))).status).toBe(status);
    expect(s.ledger()).toHaveLength(1);
  });

  it('a 429 storm answers every request (any endpoint) with 429 and Retry-After, then recovers', async () => {
    const s = await sim({ faults: [{ kind: 'rate-limit-storm', endpoint: '/v1.0/oauth2/tokens', stormLength: 3, retryAfterSeconds: 2, times: 1 }] });
    const statuses: Array<[number, string | null]> = [];
    for (let i = 0; i < 4; i++) {
      const r = await call(s.url, 'POST', '/v1.0/oauth2/tokens', {
        body: { AccountKey: s.state.setup.accountKey, AccountSecret: s.state.setup.accountSecret, ApiEndpoint: s.url + PROVISION },
      });
      statuses.push([r.status, r.headers.get('retry-after')]);
    }
    expect(statuses).toEqual([
      [429, '2'],
      [429, '2'],
      [429, '2'],
      [200, null],
    ]);
  });

  it('token expiry mid-batch: a live token suddenly answers 401 and stays dead; a new one works', async () => {
    const s = await sim({ faults: [{ kind: 'token-expired', times: 1 }] });
    const token = await mint(s.url, PROVISION);
    expect((await call(s.url, 'POST', PROVISION, { body: provisionBody(nextIccid()), token })).status).toBe(401);
    expect((await call(s.url, 'POST', PROVISION, { body: provisionBody(nextIccid()), token })).status).toBe(401);
    expect((await provision(s, provisionBody(nextIccid()))).status).toBe(200);
    expect(s.ledger()).toHaveLength(1);
  });

  it('malformed JSON after commit: a 200 whose body does not parse, with the number bought', async () => {
    const s = await sim({ faults: [{ kind: 'malformed-json', times: 1 }] });
    const token = await mint(s.url, PROVISION);
    const res = await fetch(s.url + PROVISION, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify(provisionBody(nextIccid())),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(s.ledger()).toHaveLength(1);
  });

  it('malformed JSON on a read endpoint', async () => {
    const s = await sim({ faults: [{ kind: 'malformed-json', endpoint: '/v1.0/distributor/accounts' }] });
    const token = await mint(s.url, '/v1.0/distributor/accounts');
    const res = await fetch(s.url + '/v1.0/distributor/accounts', { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
  });
});

describe('test-only routes', () => {
  it('expose the ledger, the faults and the stats only when enabled', async () => {
    const on = await sim({ testRoutes: true });
    await provision(on, provisionBody(nextIccid()));
    const ledger = await fetch(on.url + '/__simulator/ledger').then((r) => r.json() as Promise<unknown[]>);
    expect(ledger).toHaveLength(1);
    const set = await fetch(on.url + '/__simulator/faults', { method: 'POST', body: JSON.stringify([{ kind: 'http-503' }]) });
    expect(set.status).toBe(200);
    expect((await provision(on, provisionBody(nextIccid()))).status).toBe(503);
    const stats = await fetch(on.url + '/__simulator/stats').then((r) => r.json() as Promise<{ requests: number }>);
    expect(stats.requests).toBe(4);

    const off = await sim();
    expect((await fetch(off.url + '/__simulator/ledger')).status).toBe(404);
  });
});

describe('state file (practice mode across restarts)', () => {
  it('remembers numbers, ICCID bindings and pending orders after a restart', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'simfleet-simstate-')), 'practice', 'simulator.jsonl');
    const first = await sim({ stateFile: file, faults: [{ kind: 'pending', iccids: ['89012609999999999990'], pendingPolls: 2 }] });
    const bought = await provision(first, provisionBody('89012609999999999981'));
    const pending = await provision(first, provisionBody('89012609999999999990'));
    const orderToken = await mint(first.url, '/v1.0/numbers/order');
    await call(first.url, 'GET', `/v1.0/numbers/order?OrderId=${pending.body['OrderId'] as string}`, { token: orderToken });
    await first.close();

    const second = await sim({ stateFile: file, duplicateIccid: 'refuse' });
    expect(second.ledger().map((e) => e.iccid)).toEqual(['89012609999999999981', '89012609999999999990']);
    const token = await mint(second.url, '/v1.0/numbers');
    expect((await call(second.url, 'GET', '/v1.0/numbers?ICCID=89012609999999999981', { token })).body['Number']).toBe(bought.body['PhoneNumberAssigned']);
    expect((await provision(second, provisionBody('89012609999999999981'))).status).toBe(422);
    // The pending order had one poll left; it completes on the next.
    const t2 = await mint(second.url, '/v1.0/numbers/order');
    const poll = () => call(second.url, 'GET', `/v1.0/numbers/order?OrderId=${pending.body['OrderId'] as string}`, { token: t2 });
    expect((await poll()).body['OrderStatus']).toBe('Pending');
    expect((await poll()).body['OrderStatus']).toBe('Complete');
    // New numbers do not collide with the ones sold before the restart.
    const fresh = await provision(second, provisionBody('89012609999999999972'));
    expect(fresh.body['PhoneNumberAssigned']).not.toBe(bought.body['PhoneNumberAssigned']);
  });
});
