/**
 * The loopback test host: serves the built renderer and the same main-process
 * services over HTTP + server-sent events, so the real UI runs in Chromium (e2e tests,
 * `npm run dev:web`) where the Electron binary is missing.
 *
 * Guarded like a local admin port: loopback only, a random per-run token on every
 * API call (in a header; never a cookie, which every port of 127.0.0.1 would receive),
 * the Host header pinned to this port (DNS rebinding) and the Origin checked on
 * every call (cross-site requests).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Dispatch } from '../bridge/dispatch';
import type { EventBus } from '../bridge/event-bus';
import { contentTypeFor, RENDERER_CSP, resolveRendererPath } from '../renderer-files/resolve';

export interface TestHostOptions {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  /** Folder of the built renderer (out/renderer). */
  readonly rendererDir: string;
  readonly port?: number;
}

export interface TestHost {
  /** The URL to open, token included (for tests and the terminal, never a command line). */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  /**
   * A URL for a browser's command line: its one-time code opens one page, within a minute,
   * and is useless after (`ps` shows only a spent code); the page gets the token inside it.
   */
  launchUrl(): string;
  close(): Promise<void>;
}

/** How long a launch code may wait for its browser. */
const LAUNCH_MS = 60_000;

/** The header every API call carries the per-run token in. */
export const TOKEN_HEADER = 'x-simfleet-token';
const MAX_BODY = 80 * 1024 * 1024;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

class BodyTooLarge extends Error {}

function deny(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(message);
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new BodyTooLarge());
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}

/** Starts the host on 127.0.0.1 with a fresh token. */
export async function startTestHost(options: TestHostOptions): Promise<TestHost> {
  const token = randomBytes(24).toString('base64url');
  const sockets = new Set<Socket>();
  const streams = new Set<ServerResponse>();
  let port = 0;

  const allowedHosts = (): readonly string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = (): readonly string[] => allowedHosts().map((h) => `http://${h}`);

  /** One-time launch codes and when each stops working. */
  const launches = new Map<string, number>();

  async function serveStatic(res: ServerResponse, pathname: string, sessionToken: string | null = null): Promise<void> {
    const file = resolveRendererPath(options.rendererDir, pathname);
    if (file === null) return deny(res, 404, 'Not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return deny(res, 404, 'Not found');
    }
    // The page opened by a launch code carries its session in a meta element (a token is URL-safe base64).
    if (sessionToken !== null) {
      const meta = `<meta name="simfleet-session" content="${sessionToken}">`;
      const page = body.toString('utf8');
      body = Buffer.from(page.includes('</head>') ? page.replace('</head>', `${meta}</head>`) : `${meta}${page}`);
    }
    const headers: Record<string, string> = {
      'content-type': contentTypeFor(file),
      'content-security-policy': RENDERER_CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    };
    res.writeHead(200, headers);
    res.end(body);
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = options.events.subscribe((name, payload) => {
      res.write(`data: ${JSON.stringify({ name, payload })}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
      streams.delete(res);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts().includes(req.headers.host ?? '')) return deny(res, 421, 'Misdirected request: wrong Host header.');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().includes(origin)) return deny(res, 403, 'Forbidden: cross-origin request.');

    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const presented = (value: string | string[] | null | undefined): boolean => typeof value === 'string' && sameSecret(value, token);

    if (url.pathname.startsWith('/api/call/')) {
      // Calls carry the token in a header only: no cookie (cookies ignore ports, so every
      // other local server would receive it) and no query string (it ends up in logs).
      if (!presented(req.headers[TOKEN_HEADER])) return deny(res, 401, 'Unauthorized: missing or wrong test-host token.');
      if (req.method !== 'POST') return deny(res, 405, 'Use POST.');
      // Browsers always send Origin on POST; requiring it keeps other local pages out.
      if (origin === undefined) return deny(res, 403, 'Forbidden: Origin header required.');
      const [namespace = '', method = ''] = url.pathname.slice('/api/call/'.length).split('/');
      let body: unknown;
      try {
        body = await readJson(req);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
          res.end(`Payload too large: the limit is ${MAX_BODY / 1024 / 1024} MB.`);
          // Read and drop the rest, so the client sees this answer rather than a reset.
          req.resume();
          return;
        }
        return deny(res, 400, 'Bad request: the body is not JSON.');
      }
      const payload = typeof body === 'object' && body !== null ? (body as { payload?: unknown }).payload : undefined;
      const result = await options.dispatch(namespace, method, payload);
      const text = JSON.stringify(result);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(text);
      return;
    }
    if (req.method !== 'GET') return deny(res, 405, 'Use GET.');
    // EventSource cannot send headers: the read-only event stream takes the token in its query.
    if (url.pathname === '/api/events') {
      if (!presented(url.searchParams.get('token'))) return deny(res, 401, 'Unauthorized: missing or wrong test-host token.');
      return openEventStream(req, res);
    }
    // The page: opened with the token (tests, the address printed in the terminal), with a
    // one-time launch code (the browser npm start opens), or reloaded (the tab keeps its token
    // in sessionStorage). The shell holds nothing secret; every call needs the token.
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const given = url.searchParams.get('token');
      if (given !== null && !presented(given)) return deny(res, 401, 'Unauthorized: open the address SimFleet printed, with its token.');
      const code = url.searchParams.get('launch');
      if (code !== null) {
        const until = launches.get(code);
        launches.delete(code);
        if (until === undefined || until < Date.now()) {
          return deny(res, 401, 'This launch address was used already or is more than a minute old: open the address SimFleet printed in the terminal.');
        }
        return serveStatic(res, url.pathname, token);
      }
    }
    return serveStatic(res, url.pathname);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) deny(res, 500, 'Internal error.');
      else res.end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const originUrl = `http://127.0.0.1:${port}`;

  return {
    url: `${originUrl}/?token=${token}`,
    origin: originUrl,
    token,
    launchUrl: () => {
      const code = randomBytes(18).toString('base64url');
      launches.set(code, Date.now() + LAUNCH_MS);
      return `${originUrl}/?launch=${code}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.end();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
