/**
 * The customer mapping's rows and columns (docs/exports.md, "One mapping"): what
 * mapping-export.ts writes and `simfleet labels` reads back, without the XLSX writer.
 */

export interface MappingRow {
  readonly iccid: string;
  readonly number: string | null;
  readonly nid: string | null;
  readonly orderId: string | null;
  readonly orderStatus: string | null;
  readonly subscriberId: string | null;
  readonly zipCode: string | null;
  /** The eSIM activation code (LPA), when Telegent returned one. */
  readonly lpa: string | null;
  readonly provisionedAt: string | null;
  readonly state: string;
  readonly message: string;
  /** Provisioned, but its number was given to another SIM too: the message says so. */
  readonly flagged?: boolean;
}

/** A row of the list that no purchase was made for: the cell as it was, and why. */
export function notSentRow(iccid: string, state: 'refused' | 'skipped', message: string): MappingRow {
  const none = { number: null, nid: null, orderId: null, orderStatus: null, subscriberId: null, zipCode: null, lpa: null, provisionedAt: null };
  return { iccid, ...none, state, message };
}

/**
 * Whether a mapping row read back is a SIM that needs attention although provisioned (its
 * number was given to another SIM too): the only provisioned rows whose Message is written.
 */
export function needsAttentionInMapping(state: string, message: string): boolean {
  return state === 'provisioned' && message.trim() !== '';
}

export const MAPPING_COLUMNS = [
  'ICCID',
  'PhoneNumber',
  'PhoneNumberId',
  'Lpa',
  'OrderId',
  'OrderStatus',
  'SubscriberId',
  'ZipCode',
  'ProvisionedAt',
  'BatchName',
  'State',
  'Message',
  'Environment',
] as const;
