/**
 * Telegent's `tokenExpiry` format: US 12-hour `MM/DD/YYYY hh:mm:ss AM|PM`.
 * The timezone is UNDOCUMENTED (docs/telegent-facts.md); we format and read it as UTC and
 * the client also re-mints on 401/403, so a wrong guess costs one extra token call.
 */

const US_12H = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) ?([AaPp][Mm])$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Formats a time as `MM/DD/YYYY hh:mm:ss AM|PM` in UTC. */
export function formatUs12h(date: Date): string {
  const h24 = date.getUTCHours();
  const h12 = h24 % 12 === 0 ? 12 : h24 % 12;
  return (
    `${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}/${date.getUTCFullYear()} ` +
    `${pad(h12)}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${h24 < 12 ? 'AM' : 'PM'}`
  );
}

/** Reads `MM/DD/YYYY hh:mm:ss AM|PM` as UTC milliseconds; `null` when the text is not in that form. */
export function parseUs12h(text: string): number | null {
  const m = US_12H.exec(text.trim());
  if (!m) return null;
  const [, mo, d, y, h, mi, s, ampm] = m;
  const hour12 = Number(h);
  if (hour12 < 1 || hour12 > 12) return null;
  const hour = (hour12 % 12) + (ampm!.toUpperCase() === 'PM' ? 12 : 0);
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), hour, Number(mi), Number(s));
  const check = new Date(ms);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return null;
  return ms;
}
