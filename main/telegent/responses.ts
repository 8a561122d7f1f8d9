/**
 * Telegent responses as readonly domain types, read leniently from whatever casing
 * and spelling each endpoint uses. Unknown fields are ignored.
 */
import { extractLpa, LenientObject, parseApiDate } from './lenient';

/** `POST /v1.0/numbers/provision` answer. */
export interface ProvisionResult {
  readonly orderId: string | null;
  readonly orderStatus: string | null;
  readonly orderDate: string | null;
  readonly phoneNumber: string | null;
  readonly phoneNumberId: string | null;
  readonly iccid: string | null;
  readonly zipCode: string | null;
  readonly subscriberId: string | null;
  /** The API's `ErrorMessage`; null on success (semantics on failure UNDOCUMENTED). */
  readonly errorMessage: string | null;
  /** The eSIM activation string, extracted from `QRCode` (never the third-party URL itself). */
  readonly lpa: string | null;
}

/** `GET /v1.0/numbers/order` answer. */
export interface OrderStatus {
  readonly orderId: string | null;
  readonly orderStatus: string | null;
  readonly statusMessage: string | null;
  readonly orderType: string | null;
  readonly orderDate: string | null;
  readonly numbers: readonly string[];
}

/** `GET /v1.0/numbers` answer (number details), also the inventory item shape. */
export interface NumberDetails {
  readonly number: string | null;
  readonly tnid: string | null;
  readonly orderId: string | null;
  readonly iccid: string | null;
  readonly status: string | null;
  readonly messageEnabled: boolean | null;
  readonly voiceEnabled: boolean | null;
  readonly messageType: string | null;
  readonly classification: string | null;
  readonly messageRouteId: string | null;
  readonly voiceRouteId: string | null;
  readonly subscriberId: string | null;
  readonly productType: string | null;
  readonly lpa: string | null;
  readonly purchasedAt: string | null;
}

export interface MessageRoute {
  readonly id: string;
  readonly name: string;
  readonly accountId: string | null;
}
export interface VoiceRoute {
  readonly id: string;
  readonly name: string;
  readonly accountId: string | null;
}
export interface Account {
  readonly id: string;
  readonly name: string;
}
export interface Subscriber {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly accountId: string | null;
}
export interface SubscriberPage {
  readonly items: readonly Subscriber[];
  readonly total: number | null;
  readonly page: number;
}

/** The token endpoint's answer. */
export interface TokenGrant {
  readonly token: string;
  /** Raw `tokenExpiry` text (US 12-hour, zone UNDOCUMENTED). */
  readonly expiry: string | null;
}

export function readToken(o: LenientObject): TokenGrant | null {
  const token = o.string('token', 'Token', 'access_token');
  if (!token) return null;
  return { token, expiry: o.string('tokenExpiry', 'TokenExpiry', 'expires') };
}

export function readProvision(o: LenientObject): ProvisionResult {
  return {
    orderId: o.string('OrderId'),
    orderStatus: o.string('OrderStatus', 'Status'),
    orderDate: parseApiDate(o.get('OrderDate')),
    phoneNumber: o.string('PhoneNumberAssigned', 'PhoneNumber', 'Number'),
    phoneNumberId: o.string('PhoneNumberId', 'TNID', 'NID'),
    iccid: o.string('ICCID'),
    zipCode: o.string('ZipCode', 'Zipcode'),
    subscriberId: o.string('SubscriberId', 'AssignedSubscriberId'),
    errorMessage: o.string('ErrorMessage'),
    lpa: extractLpa(o.get('QRCode', 'QrActivationLink')),
  };
}

export function readOrder(o: LenientObject): OrderStatus {
  const numbers = o
    .objects('PhoneNumbersOrdered', 'PhoneNumbers', 'Numbers')
    .map((n) => n.string('Number', 'PhoneNumber'))
    .filter((n): n is string => n !== null);
  const plain = o.get('PhoneNumbersOrdered');
  if (Array.isArray(plain)) for (const item of plain) if (typeof item === 'string') numbers.push(item);
  return {
    orderId: o.string('OrderId'),
    orderStatus: o.string('OrderStatus', 'Status'),
    statusMessage: o.string('OrderStatusMessage', 'StatusMessage', 'ErrorMessage'),
    orderType: o.string('OrderType'),
    orderDate: parseApiDate(o.get('OrderDate')),
    numbers,
  };
}

export function readNumberDetails(o: LenientObject): NumberDetails {
  return {
    number: o.string('Number', 'PhoneNumber'),
    tnid: o.string('TNID', 'PhoneNumberId', 'NID'),
    orderId: o.string('OrderId'),
    iccid: o.string('ICCID'),
    status: o.string('Status'),
    messageEnabled: o.boolean('MessageEnabled'),
    voiceEnabled: o.boolean('VoiceEnabled'),
    messageType: o.string('MessageType'),
    classification: o.string('Classification'),
    messageRouteId: o.string('MessageRouteId'),
    voiceRouteId: o.string('VoiceRouteId'),
    subscriberId: o.string('AssignedSubscriberId', 'SubscriberId'),
    productType: o.string('ProductType'),
    lpa: extractLpa(o.get('QrActivationLink', 'QRCode')),
    purchasedAt: parseApiDate(o.get('OriginalDatePurchased')),
  };
}

/** Route and account lists: results sit under `Results` (documented) or a few plausible names. */
function listItems(o: LenientObject, ...names: string[]): LenientObject[] {
  for (const name of [...names, 'Results', 'Items', 'Data']) {
    const items = o.objects(name);
    if (items.length > 0) return items;
  }
  return [];
}

export function readMessageRoutes(o: LenientObject): MessageRoute[] {
  return listItems(o, 'MessageRoutes', 'Routes')
    .map((r) => ({ id: r.string('MessageRouteId', 'MessageRouteID', 'Id') ?? '', name: r.string('RouteName', 'Name') ?? '', accountId: r.string('AccountId') }))
    .filter((r) => r.id !== '');
}

export function readVoiceRoutes(o: LenientObject): VoiceRoute[] {
  // UNDOCUMENTED shape: read CallRouteId (create/update's name) or VoiceRouteId.
  return listItems(o, 'VoiceRoutes', 'CallRoutes', 'Routes')
    .map((r) => ({ id: r.string('CallRouteId', 'VoiceRouteId', 'Id') ?? '', name: r.string('RouteName', 'Name') ?? '', accountId: r.string('AccountId') }))
    .filter((r) => r.id !== '');
}

export function readAccounts(o: LenientObject): Account[] {
  // UNDOCUMENTED shape.
  return listItems(o, 'Accounts')
    .map((a) => ({ id: a.string('AccountId', 'Id') ?? '', name: a.string('AccountName', 'CompanyName', 'Name') ?? '' }))
    .filter((a) => a.id !== '');
}

export function readSubscribers(o: LenientObject, page: number): SubscriberPage {
  const items = listItems(o, 'Subscribers')
    .map((s) => ({
      id: s.string('SubscriberId', 'TSUID', 'Id') ?? '',
      name: s.string('Name') ?? '',
      email: s.string('Email'),
      accountId: s.string('AccountId'),
    }))
    .filter((s) => s.id !== '');
  return { items, total: o.number('TotalResults', 'Total', 'TotalSubscribers'), page };
}

/** One page of `GET /v1.0/numbers/inventory`: its numbers (each read as number details) and the account's total. */
export interface InventoryPage {
  readonly numbers: readonly NumberDetails[];
  /** `TotalResults`; null when the answer has none (then the pages end at a short one). */
  readonly total: number | null;
}

export function readInventoryPage(o: LenientObject): InventoryPage {
  return { numbers: listItems(o, 'PhoneNumbers', 'Numbers').map(readNumberDetails), total: o.number('TotalResults', 'Total') };
}

/** `POST /v1.0/numbers/status` answer (its QR field is `QrCode`, not `QRCode`). */
export interface StatusChangeResult {
  readonly orderId: string | null;
  readonly orderStatus: string | null;
  readonly changeType: string | null;
  /** The QR code's link of the number's new SIM after a `swap-sim`. */
  readonly qrCode: string | null;
}

export function readStatusChange(o: LenientObject): StatusChangeResult {
  const first = o.objects('Numbers')[0];
  return {
    orderId: o.string('OrderId'),
    orderStatus: o.string('OrderStatus'),
    changeType: o.string('ChangeType'),
    qrCode: first?.string('QrCode', 'QRCode') ?? null,
  };
}
