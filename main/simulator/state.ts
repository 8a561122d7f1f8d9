/**
 * The simulated Telegent account: credentials, tokens, routes, subscribers, numbers,
 * orders and the purchase ledger, as pure logic. It knows neither HTTP nor disk: it
 * refuses with a domain code (`refusal.ts`; `http-status.ts` gives each its HTTP status) and
 * reports each change to an event sink (`state-file.ts` appends them to practice mode's
 * file, and they are replayed here on start).
 * Shapes and messages follow the Telegent reference (docs/telegent-facts.md); where the docs are silent the
 * choice is marked UNDOCUMENTED.
 */
import { randomUUID } from 'node:crypto';
import { formatUs12h } from '../telegent/us-datetime';
import { PRACTICE_IDS } from '../../preload/constants';
import { SimRejection } from './refusal';

/** The keys practice mode uses; printed in the README, worthless outside the simulator. */
export const PRACTICE_ACCOUNT_KEY = 'DID-practice-0000-simfleet';
export const PRACTICE_ACCOUNT_SECRET = 'practice-secret-not-a-real-key';

export interface SimAccount {
  readonly AccountId: string;
  readonly AccountName: string;
}
export interface SimMessageRoute {
  readonly MessageRouteId: string;
  readonly RouteName: string;
  readonly AccountId: string;
}
export interface SimVoiceRoute {
  readonly CallRouteId: string;
  readonly RouteName: string;
  readonly RouteType: string;
  readonly AccountId: string;
}
export interface SimSubscriber {
  readonly SubscriberId: string;
  readonly Name: string;
  readonly Email: string;
  readonly AccountId: string;
}

/** The account the simulator plays, with its reference data. */
export interface SimAccountSetup {
  readonly accountKey: string;
  readonly accountSecret: string;
  readonly accounts: readonly SimAccount[];
  readonly messageRoutes: readonly SimMessageRoute[];
  readonly voiceRoutes: readonly SimVoiceRoute[];
  readonly subscribers: readonly SimSubscriber[];
}

/** A practice distributor with one account, two message routes, one voice route and three subscribers. */
export function practiceSetup(overrides: Partial<SimAccountSetup> = {}): SimAccountSetup {
  const aid = PRACTICE_IDS.accountId;
  return {
    accountKey: PRACTICE_ACCOUNT_KEY,
    accountSecret: PRACTICE_ACCOUNT_SECRET,
    accounts: [{ AccountId: aid, AccountName: 'Practice Warehouse' }],
    messageRoutes: [
      { MessageRouteId: PRACTICE_IDS.messageRoute, RouteName: 'Practice SMS webhook', AccountId: aid },
      { MessageRouteId: PRACTICE_IDS.backupMessageRoute, RouteName: 'Practice SMS backup', AccountId: aid },
    ],
    voiceRoutes: [{ CallRouteId: PRACTICE_IDS.voiceRoute, RouteName: 'Practice SIP trunk', RouteType: 'Trunk', AccountId: aid }],
    subscribers: [
      { SubscriberId: PRACTICE_IDS.subscriber, Name: 'Kitting Line A', Email: 'line-a@example.com', AccountId: aid },
      { SubscriberId: 'TSUID-ac59a1f8-36b6-42cc-b124-c2aa29f7e3d2', Name: 'Acme Logistics', Email: 'ops@acme.example', AccountId: aid },
      { SubscriberId: 'TSUID-5e0b7c44-90d2-4f6a-a1b3-77c2e8d0f911', Name: 'Field Sensors', Email: 'iot@sensors.example', AccountId: aid },
    ],
    ...overrides,
  };
}

/** A number the account owns. */
export interface SimNumber {
  readonly number: string;
  readonly nid: string;
  /** The SIM it is on; `swap-sim` moves it to another. */
  iccid: string | null;
  readonly orderId: string;
  readonly orderDate: string;
  /** UNDOCUMENTED: the number Status enum; `Parked` and `Cancelled` follow the status changes' words (docs/telegent-facts.md). */
  status: 'Active' | 'Pending' | 'Released' | 'Parked' | 'Cancelled';
  /** The QR code of its SIM, new after a `swap-sim`. */
  qrCode: string | null;
  readonly numberType: 'mvno' | 'iot';
  readonly messageType: 'a2p' | 'p2p';
  readonly productType: string;
  readonly messageEnabled: boolean;
  readonly voiceEnabled: boolean;
  readonly messageRouteId: string;
  readonly voiceRouteId: string | null;
  readonly subscriberId: string | null;
  readonly accountId: string;
  readonly zipCode: string;
}

/** A provisioning order; `Pending` ones turn final after a number of polls. */
export interface SimOrder {
  readonly orderId: string;
  readonly orderDate: string;
  status: 'Complete' | 'Pending' | 'Error';
  statusMessage: string | null;
  pollsLeft: number;
  readonly finalStatus: 'Complete' | 'Error';
  readonly number: SimNumber;
}

/** One purchase, kept so tests can prove nothing was bought twice. */
export interface LedgerEntry {
  readonly seq: number;
  readonly at: string;
  readonly iccid: string | null;
  readonly number: string;
  readonly nid: string;
  readonly orderId: string;
  /** `released` when a pending order ended in Error and the number went back. */
  outcome: 'bought' | 'pending' | 'released';
}

/** One status change carried out (`POST /v1.0/numbers/status`), kept so tests can prove each was made once. */
export interface StatusChangeEntry {
  readonly seq: number;
  readonly at: string;
  readonly change: StatusChangeKind;
  readonly number: string;
  /** The SIM before the change, and after it for `swap-sim`. */
  readonly iccid: string | null;
  readonly newIccid: string | null;
  readonly orderId: string;
}

export const STATUS_CHANGES = ['activate', 'cancel', 'swap', 'swap-sim', 'replace', 'park'] as const;
export type StatusChangeKind = (typeof STATUS_CHANGES)[number];

/** One change to the account, as it is reported to the sink and replayed: a purchase, a poll of a pending order, a status change. */
export type StoredEvent =
  | { readonly t: 'commit'; readonly order: Omit<SimOrder, 'number'>; readonly number: SimNumber; readonly ledger: LedgerEntry }
  | { readonly t: 'order'; readonly orderId: string; readonly status: SimOrder['status']; readonly pollsLeft: number }
  | { readonly t: 'status'; readonly entry: StatusChangeEntry; readonly qrCode: string | null };

/** Where the account reports its changes, each once it is made and before anyone is answered. */
export interface EventSink {
  record(event: StoredEvent): void;
}

const NUMBER_TYPES = ['mvno', 'iot'] as const;
const MESSAGE_TYPES = ['a2p', 'p2p'] as const;
const PRODUCT_TYPES = ['Sms-Only', 'Data-Only', 'Sms+Data', 'Sms+Data+Voice'] as const;
const AREA_ZIPS: Readonly<Record<string, string>> = { '801': '84603', '385': '84043', '201': '07302', '212': '10001' };

/** `MM/DD/YYYY` as the status change answers it: `YYYY-MM-DDT00:00:00`. */
function isoMidnight(usDay: string): string {
  const [m, d, y] = usDay.split('/');
  return `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}T00:00:00`;
}

/** A date as the inventory writes it: MM/DD/YYYY. */
function usDate(date: Date): string {
  return `${String(date.getUTCMonth() + 1).padStart(2, '0')}/${String(date.getUTCDate()).padStart(2, '0')}/${date.getUTCFullYear()}`;
}

/** Whether a provision with this profile and no ICCID is an eSIM order that returns an LPA QR. */
function isEsimOrder(iccid: string | null): boolean {
  // UNDOCUMENTED: what QRCode holds for pSIM provisions. We answer null for pSIM
  // (ICCID given) and an LPA URL for eSIM (no ICCID), matching the reference's pSIM/eSIM split (docs/telegent-facts.md).
  return iccid === null;
}

function lpaQrUrl(): string {
  const matching = Array.from({ length: 5 }, () => randomUUID().slice(0, 5).toUpperCase()).join('-');
  // Shaped exactly like the documented example, third-party host and all.
  return (
    `https://quickchart.io/qr?text=LPA:1$T-MOBILE.IDEMIA.IO$${matching}` +
    '&centerImageUrl=https://joonto.com/wp-content/uploads/2022/07/cropped-Joonto-2022-Square-Icon-Black-Background.png' +
    '&ecLevel=H&format=png&centerImageSizeRatio=.3'
  );
}

/** Provisioning's documented request body, as validated fields. */
export interface ProvisionRequest {
  readonly NumberType: 'mvno' | 'iot';
  readonly MessageType: 'a2p' | 'p2p';
  readonly MessageEnabled: boolean;
  readonly VoiceEnabled: boolean;
  readonly DataEnabled: boolean | undefined;
  readonly ProductType: string;
  readonly MessageRouteId: string;
  readonly VoiceRouteId: string | null;
  readonly AreaCode: string | null;
  readonly ZipCode: string | null;
  readonly ICCID: string | null;
  readonly AssignedSubscriberId: string | null;
  readonly AccountId: string;
}

function optionalString(body: Record<string, unknown>, key: string): string | null {
  const value = body[key];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new SimRejection('invalid', `The ${key} field must be a string.`);
  return value;
}

function requiredEnum<T extends string>(body: Record<string, unknown>, key: string, allowed: readonly T[]): T {
  const value = body[key];
  if (value === undefined || value === null || value === '') throw new SimRejection('invalid', `The ${key} field is required.`);
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new SimRejection('invalid', `The value '${String(value)}' is not valid for ${key}. Allowed: ${allowed.join(', ')}.`);
  }
  return value as T;
}

function requiredBoolean(body: Record<string, unknown>, key: string): boolean {
  const value = body[key];
  if (value === undefined || value === null) throw new SimRejection('invalid', `The ${key} field is required.`);
  if (typeof value !== 'boolean') throw new SimRejection('invalid', `The ${key} field must be true or false.`);
  return value;
}

/** `sell-again`: a second provision of a bound ICCID buys another number (the worst the docs allow). */
export type DuplicateIccidPolicy = 'sell-again' | 'refuse';

export class SimulatorState {
  readonly tokens = new Map<string, { readonly path: string; readonly expiresAt: number }>();
  readonly numbers = new Map<string, SimNumber>();
  readonly byIccid = new Map<string, SimNumber>();
  readonly orders = new Map<string, SimOrder>();
  readonly ledger: LedgerEntry[] = [];
  readonly statusChanges: StatusChangeEntry[] = [];
  private nextLine = 0;

  constructor(
    readonly setup: SimAccountSetup,
    private readonly tokenTtlSeconds: number,
    private readonly now: () => number = Date.now,
    readonly duplicateIccid: DuplicateIccidPolicy = 'sell-again',
    /** Every Nth purchase gets the number sold just before it (a recycled number, as Telegent reassigns them); 0: never. */
    readonly recycleEvery = 0,
    /** Told every change (practice mode: its state file), so a restarted app or CLI reconciles against what the simulator really sold. */
    private readonly events: EventSink | null = null,
  ) {}

  /** Makes a change reported before (by this account or an earlier one), without reporting it again. */
  replay(event: StoredEvent): void {
    if (event.t === 'status') {
      this.applyStatusChange(event.entry, event.qrCode);
      return;
    }
    if (event.t === 'commit') {
      // Copies: the event stays what was reported while the number and its ledger entry change here.
      const number: SimNumber = { ...event.number };
      const order: SimOrder = { ...event.order, number };
      this.numbers.set(number.number, number);
      if (number.iccid !== null) this.byIccid.set(number.iccid, number);
      this.orders.set(order.orderId, order);
      this.ledger.push({ ...event.ledger });
      this.nextLine = Math.max(this.nextLine, this.ledger.length);
      return;
    }
    const order = this.orders.get(event.orderId);
    if (!order) return;
    order.pollsLeft = event.pollsLeft;
    if (event.status !== order.status) {
      if (event.status === 'Pending') return;
      this.finishOrder(order);
    }
  }

  /** `POST /v1.0/oauth2/tokens`: checks the keys and scopes the token to one endpoint path. */
  mintToken(body: Record<string, unknown>): { token: string; successful: true; tokenExpiry: string } {
    const key = body['AccountKey'];
    const secret = body['AccountSecret'];
    const endpoint = body['ApiEndpoint'];
    if (typeof key !== 'string' || key === '') throw new SimRejection('invalid', 'The AccountKey field is required.');
    if (typeof secret !== 'string' || secret === '') throw new SimRejection('invalid', 'The AccountSecret field is required.');
    // The reference (docs/telegent-facts.md): omitting ApiEndpoint fails with exactly this message.
    if (typeof endpoint !== 'string' || endpoint === '') throw new SimRejection('invalid', 'The ApiEndpoint field is required.');
    if (key !== this.setup.accountKey || secret !== this.setup.accountSecret) {
      throw new SimRejection('unauthorized', 'Unauthorized: AccountKey or AccountSecret is invalid.');
    }
    let path: string;
    try {
      path = new URL(endpoint).pathname;
    } catch {
      throw new SimRejection('invalid', 'The ApiEndpoint field is not a valid URL.');
    }
    const token = `sim.${randomUUID().replaceAll('-', '')}`;
    const expiresAt = this.now() + this.tokenTtlSeconds * 1000;
    // UNDOCUMENTED whether scope compares case or query; we compare the path, case-insensitively.
    this.tokens.set(token, { path: path.toLowerCase(), expiresAt });
    return { token, successful: true, tokenExpiry: formatUs12h(new Date(expiresAt)) };
  }

  /** Checks a bearer token against the path being called; refuses it as `unauthorized` or `forbidden` (the documented 401/403). */
  authorize(authorization: string | undefined, path: string): string {
    const match = /^Bearer (.+)$/i.exec(authorization ?? '');
    const token = match?.[1] ?? '';
    const entry = this.tokens.get(token);
    if (!entry || entry.expiresAt <= this.now()) {
      if (entry) this.tokens.delete(token);
      throw new SimRejection('unauthorized', 'Unauthorized: Bearer token is missing, expired, or invalid. Re-authenticate via POST /v1.0/oauth2/tokens.');
    }
    if (entry.path !== path.toLowerCase()) {
      throw new SimRejection('forbidden', 'Forbidden: your token does not have permission to access this resource. Check the ApiEndpoint scope.');
    }
    return token;
  }

  /** Forgets one token, as if it had expired early. */
  expireToken(token: string): void {
    this.tokens.delete(token);
  }

  /** Validates a provision body exactly as documented; throws `SimRejection` with the API's message. */
  validateProvision(body: Record<string, unknown>): ProvisionRequest {
    const NumberType = requiredEnum(body, 'NumberType', NUMBER_TYPES);
    const MessageType = requiredEnum(body, 'MessageType', MESSAGE_TYPES);
    const MessageEnabled = requiredBoolean(body, 'MessageEnabled');
    const VoiceEnabled = requiredBoolean(body, 'VoiceEnabled');
    const ProductType = requiredEnum(body, 'ProductType', PRODUCT_TYPES);
    const dataEnabled = body['DataEnabled'];
    if (dataEnabled !== undefined && dataEnabled !== null && typeof dataEnabled !== 'boolean') {
      throw new SimRejection('invalid', 'The DataEnabled field must be true or false.');
    }
    if (NumberType === 'iot' && MessageType === 'a2p') {
      throw new SimRejection('unprocessable', 'NumberType / MessageType mismatch: iot numbers are p2p only; use mvno for a2p.');
    }
    const MessageRouteId = optionalString(body, 'MessageRouteId');
    if (MessageRouteId === null) throw new SimRejection('invalid', 'MessageRouteId is required');
    const AccountId = this.resolveAccount(optionalString(body, 'AccountId'));
    if (!this.setup.messageRoutes.some((r) => r.MessageRouteId === MessageRouteId)) {
      throw new SimRejection('unprocessable', `Invalid MessageRouteId: ${MessageRouteId} does not exist on this account.`);
    }
    const VoiceRouteId = optionalString(body, 'VoiceRouteId');
    if (VoiceEnabled && VoiceRouteId === null) throw new SimRejection('invalid', 'VoiceRouteId is required when VoiceEnabled is true.');
    if (VoiceRouteId !== null && !this.setup.voiceRoutes.some((r) => r.CallRouteId === VoiceRouteId)) {
      throw new SimRejection('unprocessable', `Invalid VoiceRouteId: ${VoiceRouteId} does not exist on this account.`);
    }
    const AssignedSubscriberId = optionalString(body, 'AssignedSubscriberId');
    if (AssignedSubscriberId !== null && !this.setup.subscribers.some((s) => s.SubscriberId === AssignedSubscriberId)) {
      throw new SimRejection('unprocessable', `Invalid AssignedSubscriberId: ${AssignedSubscriberId} does not exist.`);
    }
    const AreaCode = optionalString(body, 'AreaCode');
    if (AreaCode !== null && !/^\d{3}$/.test(AreaCode)) throw new SimRejection('invalid', 'AreaCode must be a 3-digit area code.');
    const ZipCode = optionalString(body, 'ZipCode');
    if (ZipCode !== null && !/^\d{5}$/.test(ZipCode)) throw new SimRejection('invalid', 'ZipCode must be a valid 5-digit US ZIP code.');
    const ICCID = optionalString(body, 'ICCID');
    if (ICCID !== null) {
      const bound = this.byIccid.get(ICCID);
      if (bound && bound.status !== 'Released' && this.duplicateIccid === 'refuse') {
        throw new SimRejection('conflict', `ICCID ${ICCID} is already assigned to ${bound.number}.`);
      }
    }
    return {
      NumberType,
      MessageType,
      MessageEnabled,
      VoiceEnabled,
      DataEnabled: dataEnabled === undefined || dataEnabled === null ? undefined : (dataEnabled as boolean),
      ProductType,
      MessageRouteId,
      VoiceRouteId,
      AreaCode,
      ZipCode,
      ICCID,
      AssignedSubscriberId,
      AccountId,
    };
  }

  private resolveAccount(accountId: string | null): string {
    if (accountId === null) {
      if (this.setup.accounts.length > 1) {
        throw new SimRejection('invalid', 'AccountId is required when the distributor has more than one account.');
      }
      return this.setup.accounts[0]?.AccountId ?? '';
    }
    if (!this.setup.accounts.some((a) => a.AccountId === accountId)) {
      throw new SimRejection('unprocessable', 'Invalid AccountId');
    }
    return accountId;
  }

  /** Commits a purchase: the number is bought from here on, whatever happens to the response. */
  commitProvision(req: ProvisionRequest, pending?: { polls: number; outcome: 'Complete' | 'Error' }): SimOrder {
    const areaCode = req.AreaCode ?? (req.ZipCode ? '385' : '801');
    const line = String(5_550_000 + this.nextLine++).slice(-7);
    const previous = this.ledger[this.ledger.length - 1];
    const recycled = this.recycleEvery > 0 && previous !== undefined && (this.ledger.length + 1) % this.recycleEvery === 0 ? previous.number : null;
    const orderDate = new Date(this.now()).toISOString().replace('Z', '+00:00');
    const number: SimNumber = {
      number: recycled ?? `+1${areaCode}${line}`,
      nid: `NID-${randomUUID()}`,
      iccid: req.ICCID,
      orderId: `JNUOID-${randomUUID()}`,
      orderDate,
      status: pending ? 'Pending' : 'Active',
      numberType: req.NumberType,
      messageType: req.MessageType,
      productType: req.ProductType,
      messageEnabled: req.MessageEnabled,
      voiceEnabled: req.VoiceEnabled,
      messageRouteId: req.MessageRouteId,
      voiceRouteId: req.VoiceRouteId,
      subscriberId: req.AssignedSubscriberId,
      accountId: req.AccountId,
      zipCode: req.ZipCode ?? AREA_ZIPS[areaCode] ?? '84603',
      qrCode: isEsimOrder(req.ICCID) ? lpaQrUrl() : null,
    };
    const order: SimOrder = {
      orderId: number.orderId,
      orderDate,
      status: pending ? 'Pending' : 'Complete',
      statusMessage: null,
      pollsLeft: pending?.polls ?? 0,
      finalStatus: pending?.outcome ?? 'Complete',
      number,
    };
    this.numbers.set(number.number, number);
    if (number.iccid !== null) this.byIccid.set(number.iccid, number);
    this.orders.set(order.orderId, order);
    const entry: LedgerEntry = {
      seq: this.ledger.length + 1,
      at: new Date(this.now()).toISOString(),
      iccid: number.iccid,
      number: number.number,
      nid: number.nid,
      orderId: order.orderId,
      outcome: pending ? 'pending' : 'bought',
    };
    this.ledger.push(entry);
    const { number: _n, ...orderFields } = order;
    // Copies: the event is the purchase as made, whatever happens to the number afterwards.
    this.events?.record({ t: 'commit', order: orderFields, number: { ...number }, ledger: { ...entry } });
    return order;
  }

  /** The documented provision response for an order. */
  provisionResponse(order: SimOrder): Record<string, unknown> {
    const n = order.number;
    const pending = order.status === 'Pending';
    // UNDOCUMENTED: whether a Pending provision carries the number. We withhold it,
    // the harder case for a client, which must then poll the order.
    return {
      OrderDate: order.orderDate,
      OrderId: order.orderId,
      OrderStatus: order.status,
      PhoneNumberAssigned: pending ? null : n.number,
      PhoneNumberId: pending ? null : n.nid,
      QRCode: pending ? null : n.qrCode,
      ZipCode: n.zipCode,
      ICCID: n.iccid,
      ErrorMessage: null,
      SubscriberId: n.subscriberId,
    };
  }

  /** `GET /v1.0/numbers/order`: each poll of a pending order brings it one step closer to final. */
  pollOrder(orderId: string | null): Record<string, unknown> {
    const order = orderId ? this.orders.get(orderId) : undefined;
    if (!order) throw new SimRejection('not_found', `Not Found: order ${orderId ?? '(none)'} does not exist or belongs to another account.`);
    if (order.status === 'Pending') {
      if (order.pollsLeft > 0) order.pollsLeft -= 1;
      else this.finishOrder(order);
      this.events?.record({ t: 'order', orderId: order.orderId, status: order.status, pollsLeft: order.pollsLeft });
    }
    return {
      OrderDate: order.orderDate.replace(/\+00:00$/, '').replace(/(\.\d{2})\d*$/, '$1'),
      OrderId: order.orderId,
      OrderStatus: order.status,
      OrderStatusMessage: order.statusMessage,
      OrderType: 'provision',
      PhoneNumbersOrdered: order.status === 'Error' ? [] : [{ Number: order.number.number }],
    };
  }

  private finishOrder(order: SimOrder): void {
    const entry = this.ledger.find((e) => e.orderId === order.orderId);
    if (order.finalStatus === 'Complete') {
      order.status = 'Complete';
      // A number cancelled while its order was pending stays cancelled.
      if (order.number.status !== 'Cancelled') order.number.status = 'Active';
      if (entry) entry.outcome = 'bought';
      return;
    }
    order.status = 'Error';
    order.statusMessage = '8A-ACCOUNT_NUM_REQ_OR_INCORRECT';
    order.number.status = 'Released';
    this.numbers.delete(order.number.number);
    if (order.number.iccid !== null) this.byIccid.delete(order.number.iccid);
    if (entry) entry.outcome = 'released';
  }

  /** `GET /v1.0/numbers?ICCID=|Number=|PhoneNumber=`: number details in the documented shape. */
  lookup(query: URLSearchParams): Record<string, unknown> {
    const iccid = query.get('ICCID');
    const number = query.get('Number') ?? query.get('PhoneNumber');
    const found = iccid !== null ? this.byIccid.get(iccid) : number !== null ? this.numbers.get(number) : undefined;
    if (iccid === null && number === null) throw new SimRejection('invalid', 'One of Number, PhoneNumber or ICCID is required.');
    if (!found || found.status === 'Released' || found.status === 'Cancelled') {
      throw new SimRejection('not_found', 'Not Found: the number does not exist or belongs to another account.');
    }
    return {
      Number: found.number,
      TNID: `T${found.nid}`,
      OrderId: found.orderId,
      NumberType: 'Mobile',
      MessageEnabled: found.messageEnabled,
      MessageRouteId: found.messageRouteId,
      VoiceEnabled: found.voiceEnabled,
      Classification: found.numberType === 'iot' ? 'IoT' : 'MVNO',
      MessageType: found.messageType.toUpperCase(),
      VoiceRouteId: found.voiceRouteId,
      // UNDOCUMENTED: the number Status enum; we add `Pending` for unfinished orders.
      Status: found.status,
      OriginalDatePurchased: null,
      AssignedSubscriberId: found.subscriberId,
      Iccid: found.iccid,
      Cnam: null,
      QrActivationLink: found.qrCode,
      SwapsRemaining: 2,
      NextSwapResetDate: null,
    };
  }

  /**
   * `GET /v1.0/numbers/inventory?PageNumber=&TotalNumbersRequested=&Filter=`: the account's
   * numbers, oldest first, in the documented shape and with the lenient types the reference
   * shows (every second number's booleans as strings, `Tnid` not `TNID`, US dates).
   * UNDOCUMENTED: the Filter enum and the page size's maximum; we take Active, All, Parked
   * and Cancelled, and at most 1,000 a page (docs/telegent-facts.md).
   */
  inventory(query: URLSearchParams): Record<string, unknown> {
    const page = Number(query.get('PageNumber') ?? '1');
    const size = Number(query.get('TotalNumbersRequested') ?? '100');
    const filter = query.get('Filter') ?? 'Active';
    if (!Number.isInteger(page) || page < 1) throw new SimRejection('invalid', 'PageNumber must be a whole number from 1.');
    if (!Number.isInteger(size) || size < 1 || size > 1000) throw new SimRejection('invalid', 'TotalNumbersRequested must be between 1 and 1000.');
    if (!['Active', 'All', 'Parked', 'Cancelled'].includes(filter)) throw new SimRejection('invalid', `The value '${filter}' is not valid for Filter.`);
    const all = [...this.numbers.values()].filter((n) => n.status !== 'Released' && (filter === 'All' || n.status === filter));
    const slice = all.slice((page - 1) * size, page * size);
    return {
      AccountId: this.setup.accounts[0]?.AccountId ?? '',
      TotalResults: all.length,
      PageNumber: page,
      Filter: filter,
      PhoneNumbers: slice.map((n, i) => {
        const lenient = ((page - 1) * size + i) % 2 === 1;
        const purchased = new Date(n.orderDate.replace('+00:00', 'Z'));
        return {
          Number: n.number,
          Tnid: `T${n.nid}`,
          OrderId: n.orderId,
          NumberType: 'mobile',
          MessageEnabled: lenient ? String(n.messageEnabled) : n.messageEnabled,
          MessageType: n.messageType,
          Classification: n.numberType === 'iot' ? 'IoT' : 'MVNO',
          VoiceEnabled: lenient ? String(n.voiceEnabled) : n.voiceEnabled,
          MessageRouteId: n.messageRouteId,
          VoiceRouteId: n.voiceRouteId,
          Status: n.status,
          OriginalDatePurchased: usDate(purchased),
          AssignedSubscriberId: n.subscriberId,
          Iccid: n.iccid,
          Cnam: null,
          QrActivationLink: n.qrCode,
          SwapsRemaining: 1,
          NextSwapResetDate: null,
          ProductType: n.productType,
        };
      }),
    };
  }

  /**
   * `POST /v1.0/numbers/status`: `cancel` (permanent), `park`, `activate` (a parked number),
   * and `swap-sim` (the number onto another SIM, with a new QR code), validated as
   * documented. UNDOCUMENTED: whether `swap-sim` refuses a SIM that already has an active
   * number; we refuse it (`conflict`), the answer that keeps one number per SIM.
   */
  changeStatus(body: Record<string, unknown>): { entry: StatusChangeEntry; response: Record<string, unknown> } {
    const change = requiredEnum(body, 'StatusChange', STATUS_CHANGES);
    const effective = body['EffectiveDate'];
    if (typeof effective !== 'string' || !/^\d{1,2}\/\d{1,2}\/\d{4}$/.test(effective)) {
      throw new SimRejection('invalid', 'The EffectiveDate field is required (MM/DD/YYYY).');
    }
    const list = body['PhoneNumbers'];
    if (!Array.isArray(list) || list.length !== 1 || typeof list[0] !== 'object' || list[0] === null) {
      throw new SimRejection('invalid', 'PhoneNumbers must hold one {"Number": …} object.');
    }
    const { Number: phone, ICCID: newIccid } = list[0] as { Number?: unknown; ICCID?: unknown };
    const found = typeof phone === 'string' ? this.numbers.get(phone) : undefined;
    if (!found || found.status === 'Released' || found.status === 'Cancelled') {
      throw new SimRejection('not_found', 'Not Found: the number does not exist or belongs to another account.');
    }
    if (change === 'swap' || change === 'replace') throw new SimRejection('unprocessable', `${change} is not offered by this simulator.`);
    if (change === 'activate' && found.status !== 'Parked') throw new SimRejection('conflict', `${found.number} is ${found.status}, not parked.`);
    if (change === 'park' && found.status !== 'Active') throw new SimRejection('conflict', `${found.number} is ${found.status}, not active.`);
    let qrCode = found.qrCode;
    if (change === 'swap-sim') {
      // The reference shows ICCIDs with a trailing F (a filler digit on the card), as provision takes them.
      if (typeof newIccid !== 'string' || !/^\d{18,22}F?$/i.test(newIccid))
        throw new SimRejection('invalid', 'swap-sim needs the new ICCID (18 to 22 digits).');
      const bound = this.byIccid.get(newIccid);
      if (bound && bound.status !== 'Released' && bound.status !== 'Cancelled') {
        throw new SimRejection('conflict', `ICCID ${newIccid} is already assigned to ${bound.number}.`);
      }
      qrCode = `https://api.telegent.com/qr-activation-link/${randomUUID()}`;
    }
    const entry: StatusChangeEntry = {
      seq: this.statusChanges.length + 1,
      at: new Date(this.now()).toISOString(),
      change,
      number: found.number,
      iccid: found.iccid,
      newIccid: change === 'swap-sim' ? (newIccid as string) : null,
      orderId: `JNUOID-${randomUUID()}`,
    };
    this.applyStatusChange(entry, qrCode);
    this.events?.record({ t: 'status', entry, qrCode });
    return {
      entry,
      response: {
        OrderId: entry.orderId,
        OrderDate: entry.at.replace('Z', '0000Z'),
        OrderStatus: 'Complete',
        ChangeType: change,
        // As the reference shows it: an ISO date at midnight, whatever form it was sent in.
        EffectiveDate: isoMidnight(effective),
        Numbers: [{ Number: found.number, QrCode: change === 'swap-sim' ? qrCode : null }],
      },
    };
  }

  private applyStatusChange(entry: StatusChangeEntry, qrCode: string | null): void {
    const found = this.numbers.get(entry.number);
    if (!found) return;
    this.statusChanges.push(entry);
    if (entry.change === 'cancel') {
      found.status = 'Cancelled';
      if (found.iccid !== null && this.byIccid.get(found.iccid) === found) this.byIccid.delete(found.iccid);
    } else if (entry.change === 'park') found.status = 'Parked';
    else if (entry.change === 'activate') found.status = 'Active';
    else if (entry.change === 'swap-sim' && entry.newIccid !== null) {
      if (found.iccid !== null && this.byIccid.get(found.iccid) === found) this.byIccid.delete(found.iccid);
      found.iccid = entry.newIccid;
      found.qrCode = qrCode;
      this.byIccid.set(entry.newIccid, found);
    }
  }

  /** `GET /v1.0/account/message/routes` (note `AccountID` with a capital D). */
  messageRoutes(accountId: string | null): Record<string, unknown> {
    const aid = accountId ?? this.setup.accounts[0]?.AccountId ?? '';
    const results = this.setup.messageRoutes
      .filter((r) => r.AccountId === aid)
      .map((r) => ({ MessageRouteId: r.MessageRouteId, AccountID: r.AccountId, RouteName: r.RouteName, MessageRouteEnabled: true }));
    return { AccountID: aid, TotalRoutes: results.length, Results: results };
  }

  /** `GET /v1.0/account/voice/routes`: response shape UNDOCUMENTED; modelled on the message-route list. */
  voiceRoutes(accountId: string | null): Record<string, unknown> {
    const aid = accountId ?? this.setup.accounts[0]?.AccountId ?? '';
    const results = this.setup.voiceRoutes
      .filter((r) => r.AccountId === aid)
      .map((r) => ({ CallRouteId: r.CallRouteId, AccountID: r.AccountId, RouteName: r.RouteName, RouteType: r.RouteType }));
    return { AccountID: aid, TotalRoutes: results.length, Results: results };
  }

  /** `GET /v1.0/distributor/accounts`: response shape UNDOCUMENTED; a plain list. */
  accounts(): Record<string, unknown> {
    return { TotalAccounts: this.setup.accounts.length, Results: this.setup.accounts.map((a) => ({ ...a })) };
  }

  /** `GET /v1.0/distributor/subscribers?PageNumber=&TotalPerPage=`: page-numbered from 1. */
  subscribers(query: URLSearchParams): Record<string, unknown> {
    const page = Number(query.get('PageNumber') ?? '1');
    const perPage = Number(query.get('TotalPerPage') ?? '50');
    if (!Number.isInteger(page) || page < 1) throw new SimRejection('invalid', 'PageNumber must be a whole number from 1.');
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 500) throw new SimRejection('invalid', 'TotalPerPage must be between 1 and 500.');
    const all = this.setup.subscribers;
    const slice = all.slice((page - 1) * perPage, page * perPage);
    return {
      TotalResults: all.length,
      PageNumber: page,
      TotalPerPage: perPage,
      Subscribers: slice.map((s) => ({ SubscriberId: s.SubscriberId, Name: s.Name, Email: s.Email, AccountId: s.AccountId })),
    };
  }
}
