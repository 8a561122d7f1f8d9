/**
 * One HTTP exchange with a timeout, reporting failures by what they mean for a
 * purchase: a request whose bytes were never written proves nothing was sent; a timeout
 * or a reset after writing may hide a committed request.
 *
 * Written on node:http rather than fetch for two reasons (docs/exactly-once.md, "The fence"):
 * the request's permit is checked in the same synchronous turn as the write of its bytes,
 * once the connection is up, and its abort timer starts at that moment; and a redirect is
 * an answer, never followed (a 307 would carry the credentials or a purchase elsewhere).
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { SendPermit } from '../coordination/send-permit';

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Checked right before the bytes are written; a refusal means nothing is sent (`fenced`). */
  readonly permit?: SendPermit;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly text: string;
}

/** Why an exchange produced no response. */
export class TransportFailure extends Error {
  constructor(
    readonly kind: 'timeout' | 'refused' | 'reset' | 'aborted' | 'fenced',
    /** False only when the request provably never reached the server. */
    readonly maybeSent: boolean,
    message: string,
  ) {
    super(message);
    this.name = 'TransportFailure';
  }
}

export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

/** A body larger than this is not an answer the client can use (a hostile or broken server). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
} as const;

function causeCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Response headers as the client reads them. */
function headerReader(headers: http.IncomingHttpHeaders): HttpResponse['headers'] {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** The real transport: node:http(s) with keep-alive, a permit checked at the write, no redirects followed. */
export const httpTransport: Transport = (request) =>
  new Promise<HttpResponse>((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      reject(new TransportFailure('refused', false, 'Could not connect (ERR_INVALID_URL).'));
      return;
    }
    const protocol = url.protocol === 'https:' ? 'https:' : url.protocol === 'http:' ? 'http:' : null;
    if (protocol === null) {
      reject(new TransportFailure('refused', false, `Could not connect (unsupported protocol ${url.protocol}).`));
      return;
    }
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    const headers = { ...request.headers, ...(body ? { 'content-length': String(body.length) } : {}) };
    const req = (protocol === 'https:' ? https : http).request(url, { method: request.method, headers, agent: agents[protocol] });
    let written = false;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: { ok: HttpResponse } | { failure: TransportFailure }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      if ('ok' in outcome) resolve(outcome.ok);
      else {
        req.destroy();
        reject(outcome.failure);
      }
    };
    const onAbort = (): void => finish({ failure: new TransportFailure('aborted', written, 'The request was cancelled.') });
    if (request.signal?.aborted) return onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    // Until the bytes are written, a timeout proves nothing was sent.
    timer = setTimeout(
      () => finish({ failure: new TransportFailure('timeout', false, `Could not connect within ${seconds(request.timeoutMs)} s.`) }),
      request.timeoutMs,
    );

    const write = (): void => {
      if (settled) return;
      // The fence: the permit is checked in the same synchronous turn as the write below.
      const left = request.permit ? request.permit.remainingMs() : Number.POSITIVE_INFINITY;
      if (left === null) return finish({ failure: new TransportFailure('fenced', false, request.permit!.refusal) });
      const window = Math.min(request.timeoutMs, left);
      clearTimeout(timer);
      timer = setTimeout(() => finish({ failure: new TransportFailure('timeout', true, `No answer within ${seconds(window)} s.`) }), window);
      written = true;
      req.end(body);
    };
    req.once('socket', (socket: Socket) => {
      // A new socket is written once it is up (TLS included); a kept-alive one, handed over
      // reused or from the agent's queue, at once.
      const tlsPending = protocol === 'https:' && (socket as Socket & { _secureEstablished?: boolean })._secureEstablished !== true;
      if (!socket.connecting && !tlsPending) return write();
      socket.once(protocol === 'https:' ? 'secureConnect' : 'connect', write);
    });
    req.on('error', (error) => {
      const code = causeCode(error);
      if (!written) return finish({ failure: new TransportFailure('refused', false, `Could not connect${code ? ` (${code})` : ''}.`) });
      finish({ failure: new TransportFailure('reset', true, `The connection failed${code ? ` (${code})` : ''}.`) });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES)
          return finish({ failure: new TransportFailure('reset', true, 'The answer was larger than 64 MB; SimFleet stopped reading it.') });
        chunks.push(chunk);
      });
      res.on('error', () => finish({ failure: new TransportFailure('reset', true, 'The connection failed while the answer arrived.') }));
      res.on('aborted', () => finish({ failure: new TransportFailure('reset', true, 'The connection failed while the answer arrived.') }));
      res.on('end', () => {
        if (res.complete === false) return finish({ failure: new TransportFailure('reset', true, 'The connection failed while the answer arrived.') });
        finish({ ok: { status: res.statusCode ?? 0, headers: headerReader(res.headers), text: Buffer.concat(chunks).toString('utf8') } });
      });
    });
  });

/** "30", or "1.5" for a short timeout (a fleet claim's window), never "0". */
function seconds(ms: number): string {
  return ms >= 10_000 ? String(Math.round(ms / 1000)) : String(Math.round(ms / 100) / 10);
}
