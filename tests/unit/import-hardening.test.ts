/**
 * Real-world lists that used to lose or change SIMs silently (docs/import.md). Each
 * class has its own generated file; the property test checks that no headerless list
 * loses a row, whatever damage its first row carries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImportView } from '../../preload/contract';
import { NO_HISTORY } from '../../main/history/provisioned-registry';
import { luhnCheckDigit } from '../../main/import/iccid';
import { createImportService } from '../../main/import/import-service';

const service = createImportService({ provisioned: () => NO_HISTORY });
const fromText = (text: string, name = 'list.txt'): Promise<ImportView> => service.fromFile(name, new TextEncoder().encode(text));

let seq = 0;
function iccid(): string {
  const body = `8901260${String(9_000_000 + seq++).padStart(8, '0')}4242`;
  return body + luhnCheckDigit(body);
}
const iccids = (n: number) => Array.from({ length: n }, iccid);

describe('a damaged first data row of a headerless list is data, with its finding', () => {
  const damage: Array<[string, (id: string) => string, string]> = [
    ['a letter O for a zero', (id) => id.replace('0', 'O'), 'not_digits'],
    ['a decimal point', (id) => `${id.slice(0, 10)}.${id.slice(10)}`, 'excel_decimal'],
    ['an AIM prefix', (id) => `]X9${id}`, 'not_digits'],
    ['too few digits', (id) => id.slice(0, 12), 'bad_length'],
  ];
  it.each(damage)('%s', async (_name, spoil, code) => {
    const list = iccids(5);
    const view = await fromText([spoil(list[0]!), ...list.slice(1)].join('\n'));
    expect(view.hasHeader).toBe(false);
    expect(view.summary.rows).toBe(5);
    expect(view.findings.find((f) => f.line === 1)?.code).toBe(code);
  });

  it('a real header still reads as one, known name or plain words', async () => {
    for (const head of ['ICCID', 'Kartennummer', 'Numéro de carte']) {
      const view = await fromText([head, ...iccids(3)].join('\n'));
      expect(view.hasHeader, head).toBe(true);
      expect(view.summary.rows).toBe(3);
    }
  });

  it('property: no headerless list loses a row, whatever the first row looks like', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Digits with damage around and inside them: letters, punctuation, prefixes, spaces.
        fc
          .tuple(fc.string({ maxLength: 4 }), fc.stringMatching(/^\d{6,22}$/), fc.string({ maxLength: 4 }))
          .map(([a, digits, b]) => `${a}${digits}${b}`.replace(/[\r\n"]/g, '')),
        fc.integer({ min: 2, max: 8 }),
        async (first, n) => {
          const view = await fromText([first, ...iccids(n)].join('\n'));
          expect(view.summary.rows).toBe(n + 1);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('delimiters', () => {
  it('a tab-separated list with decimal commas is split on the tab; no wrong long ICCID is accepted', async () => {
    const list = iccids(6);
    const view = await fromText(list.map((id) => `${id}\t3,00`).join('\n'), 'export.txt');
    expect(view.delimiter).toBe('\t');
    expect(view.rows.map((r) => r.iccid)).toEqual(list);
    expect(view.summary.errors).toBe(0);
  });

  it('a tab is never stripped out of a cell to glue two cells into one ICCID', async () => {
    const [a] = iccids(1);
    const view = await fromText(`ICCID,Qty\n"${a}\t3",1\n`, 'glued.csv');
    expect(view.rows[0]!.iccid).toBeNull();
    expect(view.findings[0]).toMatchObject({ line: 2, code: 'not_digits' });
    expect(view.findings[0]!.message).toContain('a tab');
  });

  it('follows quotes across line breaks (address columns) and names each record by its first line', async () => {
    const list = iccids(4);
    const text = ['ICCID,Address,Qty', ...list.map((id, i) => `${id},"${i} Main St\nSuite ${i}, Springfield",1`)].join('\r\n');
    const view = await fromText(text, 'google-export.csv');
    expect(view.delimiter).toBe(',');
    expect(view.rows.map((r) => r.iccid)).toEqual(list);
    expect(view.rows.map((r) => r.line)).toEqual([2, 4, 6, 8]);
  });

  it('reads a classic Mac file (lone CR line ends) as lines', async () => {
    const list = iccids(5);
    const view = await fromText(['ICCID', ...list].join('\r'), 'mac.csv');
    expect(view.rows.map((r) => r.iccid)).toEqual(list);
  });
});

describe('several ICCIDs on one line', () => {
  it('a scanner dump without line breaks is refused with a finding, never read as one SIM', async () => {
    const list = iccids(4);
    const view = await fromText(`${list.join('\t')}\t`, 'scans.txt');
    expect(view.summary.importable).toBe(0);
    expect(view.findings[0]).toMatchObject({ line: 1, code: 'several_iccids', severity: 'error' });
    expect(view.findings[0]!.message).toContain('holds 4 ICCIDs');
  });
});

describe('NUL bytes', () => {
  it('a NUL inside the text after the first 8 KB does not split a cell and hide an ICCID', async () => {
    const list = iccids(600);
    const hidden = list[550]!;
    const text = ['ICCID', ...list.slice(0, 550), `${hidden.slice(0, 8)}\u0000${hidden.slice(8)}`, ...list.slice(551)].join('\n');
    expect(text.indexOf('\u0000')).toBeGreaterThan(8192);
    const view = await fromText(text, 'nul.csv');
    expect(view.summary.rows).toBe(600);
    const finding = view.findings.find((f) => f.line === 552);
    expect(finding?.code).toBe('not_digits');
    expect(finding?.message).toContain('a NUL byte');
    expect(finding?.message).not.toContain('\u0000');
  });
});
