/**
 * The practice simulator: a faithful Telegent API on loopback (practice mode, tests,
 * `simfleet simulator`). Routes, shapes and messages follow the Telegent reference (docs/telegent-facts.md);
 * rate limit, latency and fault injection make it a sparring partner for the client. This module
 * is the HTTP around the account's logic (`state.ts`): routes, bodies, and the status each refusal
 * answers (`http-status.ts`); the state file is `state-file.ts`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ENDPOINTS } from '../telegent/endpoints';
import { FaultPlan, type FaultRule } from './faults';
import { HTTP_STATUS } from './http-status';
import { RateLimit } from './rate-limit';
import { SimRejection } from './refusal';
import { practiceSetup, SimulatorState, type DuplicateIccidPolicy, type LedgerEntry, type SimAccountSetup } from './state';
import { openStateFile } from './state-file';

export interface SimulatorOptions {
  /** Port to listen on; 0 picks a free one. */
  readonly port?: number;
  /** Loopback only: the simulator must never be reachable from the network. */
  readonly host?: '127.0.0.1' | '::1';
  readonly setup?: Partial<SimAccountSetup>;
  /** Requests per minute before 429; default 50 (the standard tier). 0 disables. */
  readonly rateLimitPerMinute?: number;
  /** Delay before every answer, in ms. */
  readonly latencyMs?: number;
  /** Token lifetime; the docs only say "a few minutes". Default 300 s. */
  readonly tokenTtlSeconds?: number;
  readonly faults?: readonly FaultRule[];
  /** Seed for fault rates. */
  readonly seed?: number;
  /** Serve `/__simulator/*` (ledger, faults, stats) for tests and scripted checks. */
  readonly testRoutes?: boolean;
  /** Keep numbers and orders in this file across restarts (practice mode's data folder). */
  readonly stateFile?: string;
  /**
   * What a provision for an ICCID that already has a number does. Telegent documents no
   * refusal (docs/telegent-facts.md), so the default is the worst case: it sells another
   * number. `refuse` answers 422 like a careful server might.
   */
  readonly duplicateIccid?: DuplicateIccidPolicy;
  /** Every Nth purchase is sold the number sold just before it (a recycled number); 0 or absent: never. */
  readonly recycleEvery?: number;
}

/** Counters a test or benchmark can read. */
export interface SimulatorStats {
  readonly requests: number;
  readonly byPath: Readonly<Record<string, number>>;
  readonly rateLimited: number;
}

/** A running simulator. */
export interface Simulator {
  readonly url: string;
  readonly port: number;
  readonly state: SimulatorState;
  ledger(): readonly LedgerEntry[];
  setFaults(rules: readonly FaultRule[]): void;
  stats(): SimulatorStats;
  close(): Promise<void>;
}

// The same documented paths the client calls (all lower case; routing is case-insensitive).
const PATHS = ENDPOINTS;

const METHODS: Readonly<Record<string, 'GET' | 'POST'>> = {
  [PATHS.token]: 'POST',
  [PATHS.provision]: 'POST',
  [PATHS.order]: 'GET',
  [PATHS.numbers]: 'GET',
  [PATHS.inventory]: 'GET',
  [PATHS.status]: 'POST',
  [PATHS.messageRoutes]: 'GET',
  [PATHS.voiceRoutes]: 'GET',
  [PATHS.accounts]: 'GET',
  [PATHS.subscribers]: 'GET',
};

const MAX_BODY = 64 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new SimRejection('invalid', 'The request body is too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { StatusCode: status, Message: message }, headers);
}

const STATUS_MESSAGES: Readonly<Record<number, string>> = {
  500: 'Internal Server Error: an unexpected error occurred. Contact support if it persists.',
  502: 'Bad Gateway: the upstream carrier returned an invalid response.',
  503: 'Service Unavailable: the service is temporarily unavailable. Retry shortly.',
  504: 'Gateway Timeout: the upstream carrier did not answer in time. Retry with backoff.',
};

/** Starts a simulator on loopback. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const file = options.stateFile ? openStateFile(options.stateFile) : null;
  const state = new SimulatorState(
    practiceSetup(options.setup),
    options.tokenTtlSeconds ?? 300,
    Date.now,
    options.duplicateIccid ?? 'sell-again',
    options.recycleEvery ?? 0,
    file?.sink ?? null,
  );
  for (const event of file?.events ?? []) state.replay(event);
  const faults = new FaultPlan(options.seed ?? 1);
  faults.set(options.faults ?? []);
  const limit = new RateLimit(options.rateLimitPerMinute ?? 50);
  const latency = options.latencyMs ?? 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let stormLeft = 0;
  let stormRetryAfter = 1;
  let requests = 0;
  let rateLimited = 0;
  const byPath: Record<string, number> = {};

  const delay = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const t = setTimeout(() => {
            timers.delete(t);
            resolve();
          }, ms);
          timers.add(t);
        });

  /** Holds the connection open without answering, then drops it: what a client sees as a timeout. */
  const hang = (res: ServerResponse, rule: FaultRule): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      res.socket?.destroy();
    }, rule.hangMs ?? 60_000);
    timers.add(t);
    res.on('close', () => {
      clearTimeout(t);
      timers.delete(t);
    });
  };

  /** The SIM a status change is about, for fault rules by ICCID: the new SIM of a swap, else the number's own. */
  const statusIccid = (body: Record<string, unknown>): string | undefined => {
    const first = Array.isArray(body['PhoneNumbers']) ? (body['PhoneNumbers'][0] as { Number?: unknown; ICCID?: unknown } | undefined) : undefined;
    if (typeof first?.ICCID === 'string') return first.ICCID;
    return typeof first?.Number === 'string' ? (state.numbers.get(first.Number)?.iccid ?? undefined) : undefined;
  };

  async function handleTestRoute(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path === '/__simulator/ledger' && req.method === 'GET') return sendJson(res, 200, state.ledger);
    if (path === '/__simulator/status-changes' && req.method === 'GET') return sendJson(res, 200, state.statusChanges);
    if (path === '/__simulator/stats' && req.method === 'GET') return sendJson(res, 200, { requests, byPath, rateLimited });
    if (path === '/__simulator/faults' && req.method === 'GET') return sendJson(res, 200, faults.list());
    if (path === '/__simulator/faults' && req.method === 'POST') {
      const rules = JSON.parse((await readBody(req)) || '[]') as FaultRule[];
      faults.set(rules);
      return sendJson(res, 200, { rules: rules.length });
    }
    return sendError(res, 404, 'Not Found');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const path = url.pathname.toLowerCase().replace(/\/+$/, '') || '/';
    if (options.testRoutes && path.startsWith('/__simulator/')) return handleTestRoute(req, res, path);

    requests += 1;
    byPath[path] = (byPath[path] ?? 0) + 1;
    await delay(latency);

    // Every request counts against the limit, token mints included.
    if (stormLeft > 0) {
      stormLeft -= 1;
      rateLimited += 1;
      return sendError(res, 429, 'Too Many Requests: rate limit exceeded. Slow down.', { 'retry-after': String(stormRetryAfter) });
    }
    const allowed = limit.take();
    if (!allowed.allowed) {
      rateLimited += 1;
      return sendError(res, 429, 'Too Many Requests: rate limit exceeded. Slow down.', { 'retry-after': String(allowed.retryAfterSeconds) });
    }

    const expected = METHODS[path];
    if (!expected) return sendError(res, 404, `Not Found: ${url.pathname} is not an API endpoint.`);
    if (req.method !== expected) return sendError(res, 405, `Method Not Allowed: use ${expected} for ${url.pathname}.`, { allow: expected });

    const text = expected === 'POST' ? await readBody(req) : '';
    let body: Record<string, unknown> = {};
    if (expected === 'POST') {
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        return sendError(res, 400, 'Bad Request: the request body is not a valid JSON object.');
      }
    }

    const iccidValue = typeof body['ICCID'] === 'string' ? (body['ICCID'] as string) : (url.searchParams.get('ICCID') ?? statusIccid(body));
    const fault = faults.match(path, iccidValue);

    if (fault?.kind === 'rate-limit-storm') {
      stormLeft = Math.max(0, (fault.stormLength ?? 10) - 1);
      stormRetryAfter = fault.retryAfterSeconds ?? 1;
      rateLimited += 1;
      return sendError(res, 429, 'Too Many Requests: rate limit exceeded. Slow down.', { 'retry-after': String(stormRetryAfter) });
    }
    if (fault?.kind === 'timeout-before-commit') return hang(res, fault);

    if (path === PATHS.token) {
      if (fault?.kind === 'malformed-json') return sendMalformed(res);
      return sendJson(res, 200, state.mintToken(body));
    }

    const token = state.authorize(req.headers.authorization, path);
    if (fault?.kind === 'token-expired') {
      state.expireToken(token);
      return sendError(res, 401, 'Unauthorized: Bearer token is missing, expired, or invalid. Re-authenticate via POST /v1.0/oauth2/tokens.');
    }

    // A purchase, or a status change, is made before its answer: the faults after it leave it made and the answer lost.
    const committing = path === PATHS.provision || path === PATHS.status;
    if (committing) {
      const request = path === PATHS.provision ? state.validateProvision(body) : null;
      if (fault?.kind.startsWith('http-') && !fault.afterCommit) return sendStatusFault(res, fault.kind);
      let answer: Record<string, unknown>;
      if (request) {
        const pending = fault?.kind === 'pending' ? { polls: fault.pendingPolls ?? 2, outcome: fault.pendingOutcome ?? 'Complete' } : undefined;
        answer = state.provisionResponse(state.commitProvision(request, pending));
      } else answer = state.changeStatus(body).response;
      // From here the number is bought (or changed); every fault below is "after commit".
      if (fault?.kind === 'timeout-after-commit') return hang(res, fault);
      if (fault?.kind === 'reset-after-commit') {
        res.socket?.destroy();
        return;
      }
      if (fault?.kind === 'malformed-json') return sendMalformed(res);
      if (fault?.kind.startsWith('http-')) return sendStatusFault(res, fault.kind);
      return sendJson(res, 200, answer);
    }

    if (fault?.kind.startsWith('http-')) return sendStatusFault(res, fault.kind);
    if (fault?.kind === 'malformed-json') return sendMalformed(res);

    switch (path) {
      case PATHS.inventory:
        return sendJson(res, 200, state.inventory(url.searchParams));
      case PATHS.order:
        return sendJson(res, 200, state.pollOrder(url.searchParams.get('OrderId')));
      case PATHS.numbers:
        return sendJson(res, 200, state.lookup(url.searchParams));
      case PATHS.messageRoutes:
        return sendJson(res, 200, state.messageRoutes(url.searchParams.get('AccountId')));
      case PATHS.voiceRoutes:
        return sendJson(res, 200, state.voiceRoutes(url.searchParams.get('AccountId')));
      case PATHS.accounts:
        return sendJson(res, 200, state.accounts());
      case PATHS.subscribers:
        return sendJson(res, 200, state.subscribers(url.searchParams));
      default:
        return sendError(res, 404, 'Not Found');
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (error instanceof SimRejection) sendError(res, HTTP_STATUS[error.code], error.message);
      else sendError(res, 500, STATUS_MESSAGES[500]!);
    });
  });
  // Kept-alive connections last as long as behind common load balancers (60–75 s), not Node's
  // 5 s: a client frozen for a few seconds wakes up with its connection still open, as it
  // would against Telegent, so nothing but its own checks stands between it and a resend.
  server.keepAliveTimeout = 75_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host === '::1' ? '[::1]' : '127.0.0.1';

  return {
    url: `http://${host}:${port}`,
    port,
    state,
    ledger: () => state.ledger.map((e) => ({ ...e })),
    setFaults: (rules) => faults.set(rules),
    stats: () => ({ requests, byPath: { ...byPath }, rateLimited }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An `http-NNN` fault's answer. */
function sendStatusFault(res: ServerResponse, kind: string): void {
  const status = Number(kind.slice(5));
  sendError(res, status, STATUS_MESSAGES[status] ?? 'Error');
}

function sendMalformed(res: ServerResponse): void {
  // A body cut off mid-object, as a proxy that dropped the connection would leave it.
  const text = '{"OrderDate":"2025-10-29T12:36:19.338438+00:00","OrderId":"JNUOID-';
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
