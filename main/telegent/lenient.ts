/**
 * Lenient reading of Telegent responses: field casing differs by endpoint (ICCID/Iccid,
 * TNID/Tnid, QRCode/QrCode, AccountId/AccountID), booleans may be "true" strings or
 * legacy "Yes"/"No", and every endpoint has its own date format (docs/telegent-facts.md).
 */
import { parseUs12h } from './us-datetime';

/** A JSON object whose keys are matched case-insensitively. */
export class LenientObject {
  private readonly byLower = new Map<string, unknown>();

  constructor(readonly raw: Readonly<Record<string, unknown>>) {
    for (const [key, value] of Object.entries(raw)) {
      const lower = key.toLowerCase();
      // First spelling wins if a body carries two casings of one key.
      if (!this.byLower.has(lower)) this.byLower.set(lower, value);
    }
  }

  /** The first of `names` present (any casing), or undefined. */
  get(...names: readonly string[]): unknown {
    for (const name of names) {
      const value = this.byLower.get(name.toLowerCase());
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** A string field; numbers are turned into strings (AreaCode comes back as an integer). */
  string(...names: readonly string[]): string | null {
    const value = this.get(...names);
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return null;
  }

  /** A boolean field, accepting true/false, "true"/"false", "Yes"/"No", 1/0. */
  boolean(...names: readonly string[]): boolean | null {
    return lenientBoolean(this.get(...names));
  }

  /** A number field, accepting numeric strings. */
  number(...names: readonly string[]): number | null {
    const value = this.get(...names);
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
    return null;
  }

  /** A nested object. */
  object(...names: readonly string[]): LenientObject | null {
    const value = this.get(...names);
    return isPlainObject(value) ? new LenientObject(value) : null;
  }

  /** An array of objects; non-object items are skipped. */
  objects(...names: readonly string[]): LenientObject[] {
    const value = this.get(...names);
    return Array.isArray(value) ? value.filter(isPlainObject).map((v) => new LenientObject(v)) : [];
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function lenientBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'true' || v === 'yes' || v === '1') return true;
    if (v === 'false' || v === 'no' || v === '0') return false;
  }
  return null;
}

const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const MESSAGE_TIME = /^(\d{2}):(\d{2}):(\d{2}) ([A-Z]{2,4}) (\d{4})-(\d{2})-(\d{2})$/;
// Common US zone abbreviations seen in message timestamps; others are read as UTC.
const ZONES: Readonly<Record<string, number>> = { UTC: 0, GMT: 0, EST: -5, EDT: -4, CST: -6, CDT: -5, MST: -7, MDT: -6, PST: -8, PDT: -7 };

/**
 * Reads any documented Telegent date into an ISO-8601 UTC string, or null.
 * Offsets are honoured; timestamps without one are read as UTC (UNDOCUMENTED zone).
 * Fractions of any length (2 to 7 digits) are truncated to milliseconds.
 */
export function parseApiDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text === '') return null;
  let m = ISO_LIKE.exec(text);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
    const ms = Number((frac + '000').slice(0, 3));
    let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
    if (zone && zone.toUpperCase() !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
    }
    return validDate(t, Number(y), Number(mo), Number(d));
  }
  const us12 = parseUs12h(text);
  if (us12 !== null) return new Date(us12).toISOString();
  m = US_DATE.exec(text);
  if (m) {
    const t = Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]));
    return validDate(t, Number(m[3]), Number(m[1]), Number(m[2]));
  }
  m = MESSAGE_TIME.exec(text);
  if (m) {
    const offset = ZONES[m[4]!] ?? 0;
    const t = Date.UTC(Number(m[5]), Number(m[6]) - 1, Number(m[7]), Number(m[1]), Number(m[2]), Number(m[3])) - offset * 3_600_000;
    return new Date(t).toISOString();
  }
  return null;
}

function validDate(t: number, year: number, month: number, day: number): string | null {
  if (Number.isNaN(t)) return null;
  // Reject 02/30 and friends: the calendar date must survive the round trip.
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() + 1 !== month || check.getUTCDate() !== day) return null;
  return new Date(t).toISOString();
}

/**
 * The eSIM activation string from whatever the API sent: a bare `LPA:1$…` string or a
 * QR-image URL (quickchart.io) carrying it in its `text` parameter. Labels render it
 * locally, so no third-party image service is ever contacted.
 */
export function extractLpa(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  if (/^LPA:/i.test(text)) return text;
  try {
    const url = new URL(text);
    for (const key of ['text', 'data', 'chl', 'lpa']) {
      const param = url.searchParams.get(key);
      if (param && /^LPA:/i.test(param.trim())) return param.trim();
    }
  } catch {
    return null;
  }
  return null;
}
