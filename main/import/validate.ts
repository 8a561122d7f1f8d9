/**
 * Turns source rows into import rows and findings. Every finding names its line,
 * column and raw value and says what to do; nothing is guessed: a damaged ICCID is
 * named and left out, never repaired.
 */
import type { Finding, ImportRow, ImportSummary, Overrides } from '../../preload/contract';
import type { ProvisionedLookup } from '../history/provisioned-registry';
import type { ColumnLayout, OverrideField } from './columns';
import { groupIccid, luhnValid, readIccid, zeroFilledTail } from './iccid';
import type { SourceRow } from './table';

export interface ValidationInput {
  readonly rows: readonly SourceRow[];
  readonly layout: ColumnLayout;
  readonly provisioned: ProvisionedLookup;
  /** Lines the operator chose to leave out (only rows without errors can be included). */
  readonly excludedLines: ReadonlySet<number>;
}

export interface ValidationResult {
  readonly rows: readonly ImportRow[];
  readonly findings: readonly Finding[];
  readonly summary: ImportSummary;
}

const OVERRIDE_RULES: Readonly<Record<OverrideField, { test: RegExp; fix: (v: string) => string }>> = {
  AreaCode: { test: /^\d{3}$/, fix: () => 'An area code has 3 digits, for example 801; correct it or leave the cell empty.' },
  ZipCode: {
    test: /^\d{5}$/,
    fix: (v) =>
      /^\d{3,4}$/.test(v)
        ? 'A ZIP code has 5 digits; Excel probably dropped its leading zeros (00601 became 601). Format the column as Text and re-enter it.'
        : 'A ZIP code has 5 digits, for example 84043; correct it or leave the cell empty.',
  },
  AssignedSubscriberId: {
    test: /^TSUID-[A-Za-z0-9-]+$/,
    fix: () => 'A subscriber ID looks like TSUID-…; copy it from Settings → Provisioning profile, or leave the cell empty.',
  },
  AccountId: { test: /^AID-[A-Za-z0-9-]+$/, fix: () => 'An account ID looks like AID-…; copy it from Settings, or leave the cell empty.' },
};

interface Draft {
  readonly line: number;
  readonly raw: string;
  iccid: string | null;
  readonly findings: Finding[];
  readonly overrides: Overrides;
  provisioned: boolean;
}

const NO_CODES: readonly string[] = Object.freeze([]);

/** Names a character people cannot see: a tab, a NUL byte, a line break. */
function describeCharacter(ch: string): string {
  const names: Record<string, string> = { '\t': 'a tab', '\u0000': 'a NUL byte', '\r': 'a line break', '\n': 'a line break', '\u00a0': 'a no-break space' };
  const code = ch.codePointAt(0) ?? 0;
  return names[ch] ?? (code < 32 || code === 127 ? `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})` : `"${ch}"`);
}

/** Control characters shown as ␀-style symbols, so a message never carries them raw. */
function visible(text: string): string {
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === '\t' ? '⇥' : String.fromCodePoint(0x2400 + (c.codePointAt(0)! === 127 ? 33 : c.codePointAt(0)!)),
  );
}

export function validateRows(input: ValidationInput): ValidationResult {
  const { layout } = input;
  const column = layout.columnNames[layout.iccidColumn] ?? `Column ${layout.iccidColumn + 1}`;
  const data = input.rows.slice(layout.dataStart);
  const overrideColumns = (Object.entries(layout.overrides) as Array<[OverrideField, number]>).map(([field, index]) => ({
    field,
    index,
    name: layout.columnNames[index] ?? field,
    rule: OVERRIDE_RULES[field],
  }));
  const drafts: Draft[] = new Array(data.length);
  const push = (d: { line: number; findings: Finding[] }, severity: Finding['severity'], code: string, message: string, col: string, value: string): void => {
    d.findings.push({ line: d.line, column: col, value, severity, code, message: `Line ${d.line}: ${message}` });
  };

  for (let i = 0; i < data.length; i++) {
    const row = data[i]!;
    const raw = row.cells[layout.iccidColumn] ?? '';
    const d: Draft = { line: row.line, raw, iccid: null, findings: [], overrides: {}, provisioned: false };
    drafts[i] = d;

    if (row.formulas?.has(layout.iccidColumn)) {
      push(
        d,
        'error',
        'formula_no_value',
        `the ICCID cell is a formula (${visible(raw)}) with no saved value: the workbook was written by a program that does not ` +
          'calculate formulas (openpyxl, pandas, POI). Open it in Excel and save it again, then load it.',
        column,
        raw,
      );
    } else if (row.numeric?.has(layout.iccidColumn)) {
      push(
        d,
        'error',
        'excel_number',
        `Excel stored ${raw} as a number, which keeps only 15 significant digits, so the ICCID's last digits ` +
          `are lost. Format the column as Text in Excel and paste the ICCIDs again from the original source.`,
        column,
        raw,
      );
    } else {
      const reading = readIccid(raw);
      switch (reading.kind) {
        case 'ok':
          d.iccid = reading.iccid;
          break;
        case 'empty':
          push(d, 'error', 'missing', `there is no ICCID in the "${column}" column of this row. Fill it in or delete the row.`, column, raw);
          break;
        case 'scientific':
          push(
            d,
            'error',
            'excel_scientific',
            `${raw.trim()} was damaged by Excel (scientific notation); its last digits are lost. Re-export the column as Text.`,
            column,
            raw,
          );
          break;
        case 'decimal':
          push(
            d,
            'error',
            'excel_decimal',
            `${raw.trim()} has a decimal point, so it was stored as a number and lost digits. Re-export the column as Text.`,
            column,
            raw,
          );
          break;
        case 'not_digits':
          push(
            d,
            'error',
            'not_digits',
            `"${visible(raw.trim())}" contains ${describeCharacter(reading.offending)}, which is not a digit. ` +
              'An ICCID is 18–22 digits (a trailing F is allowed); correct the value.',
            column,
            raw,
          );
          break;
        case 'bad_length':
          push(
            d,
            'error',
            'bad_length',
            `${groupIccid(reading.iccid)} has ${reading.iccid.length} digits; an ICCID has 18 to 22. Check for a missing or extra digit.`,
            column,
            raw,
          );
          break;
      }
    }

    if (!layout.hasHeader) {
      // A scanner dump with a tab or comma after every scan and no line breaks puts many
      // ICCIDs on one line: refuse the line with a finding instead of reading one of them.
      const others = row.cells.flatMap((cell, c) => (c !== layout.iccidColumn && readIccid(cell).kind === 'ok' ? [c + 1] : []));
      if (others.length > 0) {
        push(
          d,
          'error',
          'several_iccids',
          `this line holds ${others.length + 1} ICCIDs (columns ${[layout.iccidColumn + 1, ...others].join(', ')}), as a scanner writes them ` +
            'without line breaks. Put one ICCID per line (replace the tabs or commas between them with line breaks) and load the list again.',
          column,
          raw,
        );
        d.iccid = null;
      }
    }

    for (const o of overrideColumns) {
      const value = row.cells[o.index]?.trim() ?? '';
      if (value === '') continue;
      if (o.rule.test.test(value)) (d.overrides as Record<string, string>)[o.field] = value;
      else push(d, 'error', 'bad_override', `${o.name} "${value}" is not valid. ${o.rule.fix(value)}`, o.name, value);
    }
  }

  // File-wide checks need every readable ICCID first.
  let readable = 0;
  let zeroTailed = 0;
  const lengths = new Map<number, number>();
  for (const d of drafts) {
    if (d.iccid === null || d.findings.length > 0) continue;
    readable++;
    lengths.set(d.iccid.length, (lengths.get(d.iccid.length) ?? 0) + 1);
    if (zeroFilledTail(d.iccid)) zeroTailed++;
  }
  const [majorityLength, majorityCount] = [...lengths.entries()].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
  // Excel damages a whole column: many zero-filled tails are its evidence. One genuine
  // ICCID whose digits after the 15th happen to be zeros (about 1 in 1,000, and
  // sequential cartons hit it) keeps its check digit and is only a warning (docs/import.md).
  const excelEvidence = zeroTailed >= 2 && zeroTailed >= readable / 2;
  const checkLength = readable >= 3 && majorityCount > readable / 2;

  const firstLine = new Map<string, number>();
  for (const d of drafts) {
    if (d.iccid === null) continue;
    const iccid = d.iccid;
    if (zeroFilledTail(iccid)) {
      if (excelEvidence || !luhnValid(iccid)) {
        push(
          d,
          'error',
          'excel_zero_filled',
          `${groupIccid(iccid)} ends in zeros after the 15th digit, which is what Excel ` +
            `leaves of a long number; the real digits are lost. Re-export the column as Text.`,
          column,
          d.raw,
        );
      } else {
        push(
          d,
          'warning',
          'zero_tail',
          `${groupIccid(iccid)} ends in zeros after the 15th digit. Its check digit is valid, so it is probably genuine; ` +
            'compare it with the card, and leave it out if the card shows other digits.',
          column,
          d.raw,
        );
      }
    }
    const earlier = firstLine.get(iccid);
    if (earlier !== undefined) {
      push(d, 'error', 'duplicate', `${groupIccid(iccid)} is also on line ${earlier}; it is kept there and left out here.`, column, d.raw);
    } else firstLine.set(iccid, d.line);
    if (d.findings.some((f) => f.severity === 'error')) continue;

    if (!iccid.startsWith('89'))
      push(
        d,
        'warning',
        'not_89',
        `${groupIccid(iccid)} does not start with 89 (the telecom prefix of SIM ICCIDs). Check that this is the SIM's ICCID and not another number.`,
        column,
        d.raw,
      );
    if (!luhnValid(iccid))
      push(
        d,
        'warning',
        'luhn',
        `${groupIccid(iccid)} fails the Luhn check digit. Many SIMs print the ICCID without a check digit, so this may be fine; compare it with the card.`,
        column,
        d.raw,
      );
    if (checkLength && iccid.length !== majorityLength) {
      push(
        d,
        'warning',
        'unusual_length',
        `${groupIccid(iccid)} has ${iccid.length} digits while most ICCIDs in this file have ${majorityLength}. Check it against the card.`,
        column,
        d.raw,
      );
    }
    const earlierPurchase = input.provisioned.find(iccid);
    if (earlierPurchase) {
      d.provisioned = true;
      push(
        d,
        'notice',
        'already_provisioned',
        `${groupIccid(iccid)} was already provisioned on this station as ${earlierPurchase.phoneNumber} on ` +
          `${earlierPurchase.at.slice(0, 10)} (batch "${earlierPurchase.batchName}"); it is left out so it is not bought again.`,
        column,
        d.raw,
      );
    }
  }

  const rows: ImportRow[] = new Array(drafts.length);
  const findings: Finding[] = [];
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i]!;
    let status: ImportRow['status'] = 'ok';
    if (d.findings.length > 0) {
      findings.push(...d.findings);
      status = d.findings.some((f) => f.severity === 'error') ? 'error' : d.provisioned ? 'provisioned' : 'warning';
    }
    rows[i] = {
      line: d.line,
      raw: d.raw,
      iccid: d.iccid,
      status,
      excluded: status === 'error' || status === 'provisioned' || input.excludedLines.has(d.line),
      codes: d.findings.length === 0 ? (NO_CODES as string[]) : d.findings.map((f) => f.code),
      message: d.findings.length === 0 ? '' : d.findings.map((f) => f.message.slice(f.message.indexOf(': ') + 2)).join(' '),
      overrides: d.overrides,
    };
  }
  return { rows, findings, summary: summarize(rows) };
}

export function summarize(rows: readonly ImportRow[]): ImportSummary {
  const summary = { rows: rows.length, ok: 0, warnings: 0, errors: 0, duplicates: 0, alreadyProvisioned: 0, excluded: 0, importable: 0 };
  for (const r of rows) {
    if (r.status === 'ok') summary.ok++;
    else if (r.status === 'warning') summary.warnings++;
    else if (r.status === 'error') summary.errors++;
    else summary.alreadyProvisioned++;
    if (r.codes.includes('duplicate')) summary.duplicates++;
    if (r.excluded) summary.excluded++;
    else summary.importable++;
  }
  return summary;
}
