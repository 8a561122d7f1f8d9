/**
 * Every way a Telegent call can fail, as one typed error. `mayHaveBeenProcessed`
 * drives the batch engine's exactly-once rules: when it is true a provision may have
 * bought a number and must be reconciled before any resend.
 */
import { UserError } from '../errors/user-error';

export type TelegentErrorCode = 'auth' | 'scope' | 'rate_limited' | 'validation' | 'not_found' | 'server' | 'timeout' | 'network' | 'malformed' | 'config';

export interface TelegentErrorInit {
  readonly code: TelegentErrorCode;
  readonly message: string;
  /** True when the server may have acted on the request (timeout, reset, 5xx, unreadable 2xx). */
  readonly mayHaveBeenProcessed: boolean;
  readonly status?: number;
  /** The API's own `Message`, when it sent one. */
  readonly apiMessage?: string;
  readonly retryAfterMs?: number;
  readonly endpoint?: string;
}

export class TelegentError extends UserError {
  readonly telegentCode: TelegentErrorCode;
  readonly mayHaveBeenProcessed: boolean;
  readonly status: number | undefined;
  readonly apiMessage: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly endpoint: string | undefined;

  constructor(init: TelegentErrorInit) {
    super(`telegent_${init.code}`, init.message, {
      ...(init.status === undefined ? {} : { status: init.status }),
      ...(init.apiMessage === undefined ? {} : { apiMessage: init.apiMessage }),
      ...(init.retryAfterMs === undefined ? {} : { retryAfterMs: init.retryAfterMs }),
      ...(init.endpoint === undefined ? {} : { endpoint: init.endpoint }),
      mayHaveBeenProcessed: init.mayHaveBeenProcessed,
    });
    this.name = 'TelegentError';
    this.telegentCode = init.code;
    this.mayHaveBeenProcessed = init.mayHaveBeenProcessed;
    this.status = init.status;
    this.apiMessage = init.apiMessage;
    this.retryAfterMs = init.retryAfterMs;
    this.endpoint = init.endpoint;
  }
}

export function isTelegentError(error: unknown): error is TelegentError {
  return error instanceof TelegentError;
}

/** Reads `Retry-After` (seconds or an HTTP date) as milliseconds. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Maps an HTTP error status to the error. Statuses that prove the request was refused
 * (400, 401, 403, 404, 405, 408, 409, 415, 422, 429) say nothing was processed; every
 * other status (500, 502, 503, 504, anything unknown) may hide a committed purchase.
 */
export function errorForStatus(
  status: number,
  apiMessage: string | undefined,
  endpoint: string,
  retryAfterMs?: number,
  /** For a 3xx: where it pointed (already masked) and whether the request was a purchase. */
  redirect?: { readonly location: string | null; readonly purchase: boolean },
): TelegentError {
  const said = apiMessage ? ` Telegent said: "${apiMessage}"` : '';
  const base = { status, endpoint, ...(apiMessage === undefined ? {} : { apiMessage }) };
  switch (status) {
    case 400:
    case 405:
    case 409:
    case 415:
    case 422:
      return new TelegentError({ ...base, code: 'validation', mayHaveBeenProcessed: false, message: `Telegent refused the request (${status}).${said}` });
    case 401:
      return new TelegentError({
        ...base,
        code: 'auth',
        mayHaveBeenProcessed: false,
        message: `Telegent did not accept the credentials (401).${said} Check the AccountKey and AccountSecret in Settings.`,
      });
    case 403:
      return new TelegentError({
        ...base,
        code: 'scope',
        mayHaveBeenProcessed: false,
        message: `Telegent refused access to ${endpoint} (403).${said} The account may not be allowed to use this endpoint.`,
      });
    case 404:
      return new TelegentError({ ...base, code: 'not_found', mayHaveBeenProcessed: false, message: `Telegent found nothing at ${endpoint} (404).${said}` });
    case 408:
      return new TelegentError({
        ...base,
        code: 'timeout',
        mayHaveBeenProcessed: false,
        message: `Telegent did not receive the request in time (408).${said}`,
      });
    case 429:
      return new TelegentError({
        ...base,
        code: 'rate_limited',
        mayHaveBeenProcessed: false,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        message: `Telegent's rate limit was reached (429)${retryAfterMs === undefined ? '' : `; retry after ${Math.ceil(retryAfterMs / 1000)} s`}.`,
      });
    default:
      if (status >= 300 && status < 400) {
        // Never followed (transport.ts): a redirect would carry the credentials or a purchase elsewhere.
        const to = redirect?.location ? ` to ${redirect.location}` : '';
        const purchase = redirect?.purchase ?? true;
        return new TelegentError({
          ...base,
          code: 'server',
          mayHaveBeenProcessed: purchase,
          message:
            `Telegent answered with a redirect (${status})${to}, which SimFleet never follows: nothing was sent there. ` +
            (purchase
              ? 'The purchase may or may not have been carried out at this address; the SIM is checked by ICCID before anything is sent again.'
              : 'Check the API address in Settings; a proxy or an old address may be answering.'),
        });
      }
      return new TelegentError({
        ...base,
        code: 'server',
        mayHaveBeenProcessed: true,
        message: `Telegent answered with an error (${status}).${said} The request may or may not have been carried out.`,
      });
  }
}
