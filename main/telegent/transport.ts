/**
 * One HTTP exchange with a timeout, reporting failures by what they mean for a
 * purchase: a refused connection proves nothing was sent; a timeout or a reset after
 * sending may hide a committed request.
 */

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly text: string;
}

/** Why an exchange produced no response. */
export class TransportFailure extends Error {
  constructor(
    readonly kind: 'timeout' | 'refused' | 'reset' | 'aborted',
    /** False only when the request provably never reached the server. */
    readonly maybeSent: boolean,
    message: string,
  ) {
    super(message);
    this.name = 'TransportFailure';
  }
}

export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_INVALID_URL']);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let i = 0; i < 4 && current; i++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The real transport: Node's fetch (undici, keep-alive) with a per-request timeout. */
export const fetchTransport: Transport = async (request) => {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  try {
    const res = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  } catch (error) {
    if (request.signal?.aborted) throw new TransportFailure('aborted', true, 'The request was cancelled.');
    if (timeout.aborted || (error as Error).name === 'TimeoutError') {
      throw new TransportFailure('timeout', true, `No answer within ${seconds(request.timeoutMs)} s.`);
    }
    const code = causeCode(error);
    if (code !== undefined && NOT_SENT.has(code)) throw new TransportFailure('refused', false, `Could not connect (${code}).`);
    throw new TransportFailure('reset', true, `The connection failed${code ? ` (${code})` : ''}.`);
  }
};

/** "30", or "1.5" for a short timeout (a fleet claim's window), never "0". */
function seconds(ms: number): string {
  return ms >= 10_000 ? String(Math.round(ms / 1000)) : String(Math.round(ms / 100) / 10);
}
