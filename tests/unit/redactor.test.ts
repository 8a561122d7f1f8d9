import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger } from '../../main/logging/logger';
import { Redactor, secretForms } from '../../main/redaction/redactor';

const SECRET = 'a"b\\c%d+e f€';

describe('redaction', () => {
  it('masks a secret as typed, JSON-escaped (once and twice), URL-encoded and HTML-escaped', () => {
    const r = new Redactor();
    r.add(SECRET);
    const samples = [
      SECRET,
      JSON.stringify({ m: SECRET }),
      JSON.stringify(JSON.stringify({ m: SECRET })),
      `?s=${encodeURIComponent(SECRET)}`,
      `s=${encodeURIComponent(SECRET).replace(/%20/g, '+')}`,
      '<b>a&quot;b\\c%d+e f€</b>',
    ];
    for (const text of samples) {
      const out = r.redact(text);
      for (const form of secretForms(SECRET)) expect(out).not.toContain(form);
      expect(out).toContain('[redacted]');
    }
  });

  it('leaves text without a secret alone and ignores values too short to mask', () => {
    const r = new Redactor();
    r.add('abc');
    expect(r.redact('abc def')).toBe('abc def');
  });

  it('masks a secret with quotes and backslashes in the log file, where JSON escapes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-log-'));
    const lines: string[] = [];
    const logger = createFileLogger(dir, (line) => lines.push(line));
    logger.addSecret(SECRET);
    logger.log('warn', 'connection.test', { message: `server said ${SECRET}` });
    await logger.flush();
    const file = readFileSync(join(dir, 'logs', 'simfleet.log'), 'utf8');
    for (const text of [file, ...lines]) {
      expect(text).toContain('[redacted]');
      for (const form of secretForms(SECRET)) expect(text).not.toContain(form);
    }
  });

  it('masks a string read from a server whatever escape hides the secret, and leaves other escaped text alone', () => {
    const r = new Redactor();
    const secret = 'Pa/ss-42+x';
    r.add(secret);
    const pct = (text: string, upper: boolean): string =>
      [...Buffer.from(text)].map((b) => `%${b.toString(16).padStart(2, '0')[upper ? 'toUpperCase' : 'toLowerCase']()}`).join('');
    const hidden = [
      `key ${[...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}`,
      `key ${secret.replace('/', '\\/')}`,
      `key ${pct(secret, false)}`,
      `key ${pct(secret, true)}`,
      `key ${[...secret].map((c) => `&#${c.charCodeAt(0)};`).join('')}`,
      `key ${[...secret].map((c) => `&#X${c.charCodeAt(0).toString(16)};`).join('')}`,
      `key ${pct([...secret].map((c) => `&#${c.charCodeAt(0)};`).join(''), false)}`,
    ];
    for (const text of hidden) expect(r.scrub(text), text).toBe('[redacted]');
    expect(r.scrub(`said ${secret} twice ${secret}`)).toBe('said [redacted] twice [redacted]');
    expect(r.scrub('50% off & 100%25 sure')).toBe('50% off & 100%25 sure');
    expect(r.scrubValue({ Message: `no ${pct(secret, true)}`, [`k${secret}`]: [1, 'plain'] })).toEqual({ Message: '[redacted]', 'k[redacted]': [1, 'plain'] });
  });
});
