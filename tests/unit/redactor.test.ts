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
});
