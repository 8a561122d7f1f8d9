/**
 * The Telegent API client (plain Node; used by the app, the batch engine and the CLI).
 * Follows the Telegent reference (docs/telegent-facts.md): one token per endpoint URL, every call through
 * the rate limiter (token mints too), one re-mint on 401/403, lenient parsing, and
 * every failure as a `TelegentError` that says whether the request may have been
 * carried out. Provisions are never retried here: that decision belongs to the
 * batch engine, which reconciles first.
 */
import { backoffMs } from './backoff';
import { systemClock, type Clock } from '../platform/clock';
import type { ProvisioningProfile } from '../../preload/domain';
import { checkBaseUrl } from './base-url';
import { ENDPOINTS } from './endpoints';
import { errorForStatus, parseRetryAfter, TelegentError } from './errors';
import { isPlainObject, LenientObject } from './lenient';
import { RateLimiter } from './rate-limiter';
import {
  readAccounts,
  readMessageRoutes,
  readNumberDetails,
  readOrder,
  readProvision,
  readInventoryPage,
  readStatusChange,
  type InventoryPage,
  type StatusChangeResult,
  readSubscribers,
  readToken,
  readVoiceRoutes,
  type Account,
  type MessageRoute,
  type NumberDetails,
  type OrderStatus,
  type ProvisionResult,
  type Subscriber,
  type SubscriberPage,
  type TokenGrant,
  type VoiceRoute,
} from './responses';
import { TokenCache } from './token-cache';
import { httpTransport, TransportFailure, type Transport } from './transport';
import { CLAIM_LOST, type SendPermit } from '../coordination/send-permit';
import { UserError } from '../errors/user-error';
import { Redactor } from '../redaction/redactor';

/** Telegent credentials; only ever held in memory, read from the keychain on demand. */
export interface Credentials {
  readonly accountKey: string;
  readonly accountSecret: string;
}

/** One provision: the profile plus the per-SIM fields (exact API names). */
export interface ProvisionInput extends ProvisioningProfile {
  readonly ICCID: string;
  readonly AccountId: string;
}

/** What every call reports, for progress rates and benchmarks. */
export interface CallRecord {
  readonly endpoint: string;
  readonly method: 'GET' | 'POST';
  readonly status: number | null;
  readonly ms: number;
}

export interface ClientOptions {
  readonly baseUrl: string;
  readonly credentials: () => Promise<Credentials>;
  readonly limiter: RateLimiter;
  readonly transport?: Transport;
  readonly clock?: Clock;
  /** Per-request timeout; default 30 s. */
  readonly timeoutMs?: number;
  /** Automatic retries of calls that buy nothing (reads, token mints); default 3. */
  readonly readRetries?: number;
  readonly onCall?: (record: CallRecord) => void;
}

interface CallOptions {
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Safe to repeat (nothing is bought): retried on 408/429/5xx/timeouts with backoff. */
  readonly idempotent: boolean;
  readonly signal?: AbortSignal;
  /** Runs after the rate limiter let the request go, just before it is sent; a throw means it is not sent. */
  readonly beforeSend?: BeforeSend;
}

/**
 * The last word before a request goes out: the SIM's claims are confirmed there and answer
 * with a permit that the transport checks right before the bytes are written (the fence,
 * docs/exactly-once.md). A permit past its deadline sends nothing (`claim_lost`).
 */
export type BeforeSend = () => Promise<SendPermit | undefined>;

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

export class TelegentClient {
  readonly baseUrl: string;
  readonly tokens: TokenCache;
  private readonly transport: Transport;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly readRetries: number;
  private requestCount = 0;
  /** The credentials in every escaped form: masked in each response before anything reads it. */
  private readonly redactor = new Redactor();

  constructor(private readonly options: ClientOptions) {
    const base = checkBaseUrl(options.baseUrl);
    if (!base.ok) throw new TelegentError({ code: 'config', message: base.message, mayHaveBeenProcessed: false });
    this.baseUrl = base.url;
    this.transport = options.transport ?? httpTransport;
    this.clock = options.clock ?? systemClock;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.readRetries = options.readRetries ?? 3;
    this.tokens = new TokenCache((url) => this.mint(url), { clock: this.clock });
  }

  /** HTTP requests sent so far, token mints included. */
  requests(): number {
    return this.requestCount;
  }

  /** Buys and activates one number. Never retried here except once after a 401/403 re-mint. */
  /**
   * `beforeSend` runs once the rate limiter lets the request go, just before it is sent
   * (a fleet station confirms it still holds the SIM's claim there, docs/fleet.md); if it
   * throws, nothing is sent and its error comes back as it is; if it names a time the
   * request must end within, the request is given up then (an uncertain outcome).
   */
  async provision(input: ProvisionInput, signal?: AbortSignal, beforeSend?: BeforeSend): Promise<ProvisionResult> {
    const body: Record<string, unknown> = {
      NumberType: input.NumberType,
      MessageType: input.MessageType,
      MessageEnabled: input.MessageEnabled,
      VoiceEnabled: input.VoiceEnabled,
      DataEnabled: input.DataEnabled,
      ProductType: input.ProductType,
      MessageRouteId: input.MessageRouteId,
      ICCID: input.ICCID,
    };
    // Optional fields are sent only when set: an empty string is not "no value" to every API.
    if (input.VoiceRouteId) body['VoiceRouteId'] = input.VoiceRouteId;
    if (input.AreaCode) body['AreaCode'] = input.AreaCode;
    if (input.ZipCode) body['ZipCode'] = input.ZipCode;
    if (input.AssignedSubscriberId) body['AssignedSubscriberId'] = input.AssignedSubscriberId;
    if (input.AccountId) body['AccountId'] = input.AccountId;
    const o = await this.call('POST', ENDPOINTS.provision, { body, idempotent: false, ...(signal ? { signal } : {}), ...(beforeSend ? { beforeSend } : {}) });
    return readProvision(o);
  }

  /** `GET /v1.0/numbers/order?OrderId=`. */
  async orderStatus(orderId: string, signal?: AbortSignal): Promise<OrderStatus> {
    return readOrder(await this.call('GET', ENDPOINTS.order, { query: { OrderId: orderId }, idempotent: true, ...(signal ? { signal } : {}) }));
  }

  /** Number details by ICCID; null when Telegent knows no number for it (404). */
  async numberByIccid(iccid: string, signal?: AbortSignal): Promise<NumberDetails | null> {
    return this.lookup({ ICCID: iccid }, signal);
  }

  /** Number details by E.164 number; null when unknown (404). */
  async numberByNumber(e164: string, signal?: AbortSignal): Promise<NumberDetails | null> {
    return this.lookup({ Number: e164 }, signal);
  }

  /**
   * One page of the account's numbers, from 1. UNDOCUMENTED: the Filter enum and the page
   * size's maximum (docs/telegent-facts.md); the audit asks for `All` in pages of 500.
   */
  async inventoryPage(page: number, size: number, filter: string, signal?: AbortSignal): Promise<InventoryPage> {
    const query = { PageNumber: String(page), TotalNumbersRequested: String(size), Filter: filter };
    return readInventoryPage(await this.call('GET', ENDPOINTS.inventory, { query, idempotent: true, ...(signal ? { signal } : {}) }));
  }

  /**
   * A status change: `cancel` (permanent), `park`, `activate`, or `swap-sim` onto `newIccid`.
   * Not idempotent and never retried here: the caller journals it first and, when the answer
   * is lost, looks the number up before anything is sent again (docs/exactly-once.md).
   */
  async changeStatus(
    change: 'cancel' | 'park' | 'activate' | 'swap-sim',
    phoneNumber: string,
    effectiveDate: string,
    newIccid?: string,
    beforeSend?: BeforeSend,
  ): Promise<StatusChangeResult> {
    const body = { StatusChange: change, EffectiveDate: effectiveDate, PhoneNumbers: [{ Number: phoneNumber, ...(newIccid ? { ICCID: newIccid } : {}) }] };
    return readStatusChange(await this.call('POST', ENDPOINTS.status, { body, idempotent: false, ...(beforeSend ? { beforeSend } : {}) }));
  }

  async messageRoutes(accountId?: string): Promise<MessageRoute[]> {
    return readMessageRoutes(await this.call('GET', ENDPOINTS.messageRoutes, { query: accountId ? { AccountId: accountId } : {}, idempotent: true }));
  }

  async voiceRoutes(accountId?: string): Promise<VoiceRoute[]> {
    return readVoiceRoutes(await this.call('GET', ENDPOINTS.voiceRoutes, { query: accountId ? { AccountId: accountId } : {}, idempotent: true }));
  }

  async accounts(): Promise<Account[]> {
    return readAccounts(await this.call('GET', ENDPOINTS.accounts, { idempotent: true }));
  }

  async subscribers(page: number, perPage: number): Promise<SubscriberPage> {
    const o = await this.call('GET', ENDPOINTS.subscribers, { query: { PageNumber: String(page), TotalPerPage: String(perPage) }, idempotent: true });
    return readSubscribers(o, page);
  }

  /** Every subscriber, page by page, stopping at `maxPages` (the list is for a dropdown). */
  async allSubscribers(perPage = 100, maxPages = 20): Promise<Subscriber[]> {
    const all: Subscriber[] = [];
    for (let page = 1; page <= maxPages; page++) {
      const result = await this.subscribers(page, perPage);
      all.push(...result.items);
      if (result.items.length < perPage || (result.total !== null && all.length >= result.total)) break;
    }
    return all;
  }

  private async lookup(query: Record<string, string>, signal?: AbortSignal): Promise<NumberDetails | null> {
    try {
      return readNumberDetails(await this.call('GET', ENDPOINTS.numbers, { query, idempotent: true, ...(signal ? { signal } : {}) }));
    } catch (error) {
      if (error instanceof TelegentError && error.telegentCode === 'not_found') return null;
      throw error;
    }
  }

  /** `POST /v1.0/oauth2/tokens` for one endpoint URL. Safe to retry: a token buys nothing. */
  private async mint(endpointUrl: string): Promise<TokenGrant> {
    const credentials = await this.options.credentials();
    this.redactor.add(credentials.accountSecret);
    this.redactor.add(credentials.accountKey);
    const body = { AccountKey: credentials.accountKey, AccountSecret: credentials.accountSecret, ApiEndpoint: endpointUrl };
    try {
      const o = await this.exchange('POST', ENDPOINTS.token, `${this.baseUrl}${ENDPOINTS.token}`, undefined, body, true);
      const grant = readToken(o);
      if (!grant)
        throw new TelegentError({
          code: 'malformed',
          message: 'Telegent answered the token request without a token.',
          mayHaveBeenProcessed: false,
          endpoint: ENDPOINTS.token,
        });
      return grant;
    } catch (error) {
      if (!(error instanceof TelegentError)) throw error;
      const apiMessage = error.apiMessage;
      if (error.telegentCode === 'auth' || error.status === 400) {
        throw new TelegentError({
          code: 'auth',
          status: error.status ?? 401,
          endpoint: ENDPOINTS.token,
          mayHaveBeenProcessed: false,
          ...(apiMessage === undefined ? {} : { apiMessage }),
          message:
            `Telegent did not accept the AccountKey and AccountSecret${apiMessage ? ` ("${apiMessage}")` : ''}. ` +
            `Check both in Settings; they are issued by your Telegent representative.`,
        });
      }
      // Whatever went wrong while minting, the real request was never sent.
      throw new TelegentError({
        code: error.telegentCode,
        message: `Could not get a Telegent token: ${error.message}`,
        mayHaveBeenProcessed: false,
        endpoint: ENDPOINTS.token,
        ...(error.status === undefined ? {} : { status: error.status }),
        ...(apiMessage === undefined ? {} : { apiMessage }),
        ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      });
    }
  }

  /** An authenticated call: token for the bare endpoint URL, one re-mint on 401/403. */
  private async call(method: 'GET' | 'POST', path: string, options: CallOptions): Promise<LenientObject> {
    const scopeUrl = `${this.baseUrl}${path}`;
    const search = options.query && Object.keys(options.query).length > 0 ? `?${new URLSearchParams(options.query).toString()}` : '';
    let reminted = false;
    for (;;) {
      const token = await this.tokens.get(scopeUrl);
      try {
        return await this.exchange(method, path, scopeUrl + search, token, options.body, options.idempotent, options.signal, options.beforeSend);
      } catch (error) {
        // The timezone of tokenExpiry is UNDOCUMENTED and scope errors are 401 or 403
        // depending on the page: re-mint once for exactly this URL, then give up.
        if (error instanceof TelegentError && (error.status === 401 || error.status === 403) && !reminted) {
          reminted = true;
          this.tokens.invalidate(scopeUrl, token);
          continue;
        }
        throw error;
      }
    }
  }

  /** One request with limiter, timeout, status mapping and (for idempotent calls) retries. */
  private async exchange(
    method: 'GET' | 'POST',
    path: string,
    url: string,
    token: string | undefined,
    body: unknown,
    idempotent: boolean,
    signal?: AbortSignal,
    beforeSend?: BeforeSend,
  ): Promise<LenientObject> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    const text = body === undefined ? undefined : JSON.stringify(body);
    for (let attempt = 0; ; attempt++) {
      await this.options.limiter.acquire(signal);
      const permit = await beforeSend?.();
      // Checked here too, for transports that do not check it at the write (tests' stand-ins).
      if (permit && permit.remainingMs() === null) throw new UserError(CLAIM_LOST, permit.refusal);
      const started = this.clock.now();
      this.requestCount += 1;
      let error: TelegentError;
      try {
        const raw = await this.transport({
          method,
          url,
          headers,
          timeoutMs: this.timeoutMs,
          ...(text === undefined ? {} : { body: text }),
          ...(signal ? { signal } : {}),
          ...(permit ? { permit } : {}),
        });
        // Redaction at the source: a server that echoes the secret never gets it further than here.
        const res = { status: raw.status, headers: raw.headers, text: this.redactor.redact(raw.text) };
        this.options.onCall?.({ endpoint: path, method, status: res.status, ms: this.clock.now() - started });
        if (res.status >= 200 && res.status < 300) {
          this.options.limiter.reward();
          return this.parseBody(res.text, path, !idempotent);
        }
        const retryAfterMs = res.status === 429 ? parseRetryAfter(res.headers.get('retry-after'), this.clock.now()) : undefined;
        if (res.status === 429) this.options.limiter.penalize(retryAfterMs);
        const said = apiMessageOf(res.text);
        const redirect =
          res.status >= 300 && res.status < 400 ? { location: this.shownLocation(res.headers.get('location'), url), purchase: !idempotent } : undefined;
        error = errorForStatus(res.status, said === undefined ? undefined : this.redactor.scrub(said), path, retryAfterMs, redirect);
        if (!idempotent || !RETRYABLE_STATUS.has(res.status) || attempt >= this.readRetries) throw error;
        if (res.status !== 429) await this.clock.sleep(backoffMs(attempt), signal);
      } catch (thrown) {
        if (thrown instanceof TelegentError) throw thrown;
        if (!(thrown instanceof TransportFailure)) throw thrown;
        // Past the claim's deadline at the write: nothing was sent, and nothing may be.
        if (thrown.kind === 'fenced') throw new UserError(CLAIM_LOST, thrown.message);
        this.options.onCall?.({ endpoint: path, method, status: null, ms: this.clock.now() - started });
        error = transportError(thrown, path, idempotent);
        if (!idempotent || thrown.kind === 'aborted' || attempt >= this.readRetries) throw error;
        await this.clock.sleep(backoffMs(attempt), signal);
      }
    }
  }

  /** Where a redirect pointed, as shown: its origin and path (a query may carry anything), masked, at most 200 characters. */
  private shownLocation(location: string | null, requestUrl: string): string | null {
    if (!location) return null;
    let shown: string;
    try {
      const target = new URL(location, requestUrl);
      shown = `${target.origin}${target.pathname}`;
    } catch {
      shown = location;
    }
    const printable = [...shown].map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? '?' : c)).join('');
    return this.redactor.scrub(printable).slice(0, 200);
  }

  private parseBody(text: string, path: string, purchase: boolean): LenientObject {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!isPlainObject(parsed)) {
      throw new TelegentError({
        code: 'malformed',
        endpoint: path,
        // A 2xx means the server accepted the request; for a purchase that means it may be bought.
        mayHaveBeenProcessed: purchase,
        message: `Telegent answered ${path} with a body SimFleet could not read${purchase ? '; the number may have been bought' : ''}.`,
      });
    }
    // Escapes are decoded by now (`\u0070`): every string is masked again, and whole if a secret hides under another escape.
    return new LenientObject(this.redactor.scrubValue(parsed) as Record<string, unknown>);
  }
}

/** The API's error text from a `{StatusCode, Message}` body (JSON or text/plain). */
function apiMessageOf(text: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (isPlainObject(parsed)) {
      const o = new LenientObject(parsed);
      return o.string('Message', 'ErrorMessage', 'error', 'title') ?? undefined;
    }
  } catch {
    // text/plain error bodies are documented too
  }
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed.slice(0, 300);
}

function transportError(failure: TransportFailure, path: string, idempotent: boolean): TelegentError {
  const mayHaveBeenProcessed = failure.maybeSent && !idempotent;
  if (failure.kind === 'timeout') {
    return new TelegentError({
      code: 'timeout',
      endpoint: path,
      mayHaveBeenProcessed,
      message: `Telegent did not answer ${path} in time.${mayHaveBeenProcessed ? ' The request may have been carried out.' : ''}`,
    });
  }
  return new TelegentError({
    code: 'network',
    endpoint: path,
    mayHaveBeenProcessed,
    message:
      `${failure.message} ${failure.maybeSent ? 'The connection to Telegent broke' : 'Telegent could not be reached'} while ` +
      `calling ${path}.${mayHaveBeenProcessed ? ' The request may have been carried out.' : ' Check the network connection.'}`,
  });
}
