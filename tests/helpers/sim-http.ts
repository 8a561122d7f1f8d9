/** Small HTTP helpers for talking to the simulator the way a raw client would. */
import { PRACTICE_ACCOUNT_KEY, PRACTICE_ACCOUNT_SECRET } from '../../main/simulator/state';

export interface Reply {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

export async function call(base: string, method: 'GET' | 'POST', path: string, options: { body?: unknown; token?: string; raw?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  const res = await fetch(base + path, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? null : JSON.stringify(options.body)),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

export async function mint(base: string, endpointPath: string, keys = { key: PRACTICE_ACCOUNT_KEY, secret: PRACTICE_ACCOUNT_SECRET }): Promise<string> {
  const r = await call(base, 'POST', '/v1.0/oauth2/tokens', { body: { AccountKey: keys.key, AccountSecret: keys.secret, ApiEndpoint: base + endpointPath } });
  if (r.status !== 200) throw new Error(`mint failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body['token'] as string;
}

export const MRID = 'MRID-73af1e73-d7b3-4696-bdd9-5b407c96fc8a';
export const CRID = 'CRID-4dec6beb-3985-444b-8c06-8baa70dc1450';

/** A valid pSIM provision body for the practice account. */
export function provisionBody(iccid: string | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    NumberType: 'mvno',
    MessageType: 'p2p',
    MessageEnabled: true,
    VoiceEnabled: false,
    DataEnabled: true,
    ProductType: 'Sms+Data',
    MessageRouteId: MRID,
    ...(iccid === undefined ? {} : { ICCID: iccid }),
    ...extra,
  };
}
