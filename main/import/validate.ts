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
  AssignedSubscriberId: { test: /^TSUID-[A-Za-z0-9-]+$/, fix: () => 'A subscriber ID looks like TSUID-…; copy it from Settings → Provisioning profile, or leave the cell empty.' },
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

export function validateRows(input: ValidationInput): ValidationResult {
  const { layout } = input;
  const column = layout.columnNames[layout.iccidColumn] ?? `Column ${layout.iccidColumn + 1}`;
  const data = layout.hasHeader ? input.rows.slice(1) : input.rows;
  const drafts: Draft[] = [];

  for (const row of data) {
    const cell = row.cells[layout.iccidColumn];
    const raw = cell?.text ?? '';
    const findings: Finding[] = [];
    const finding = (severity: Finding['severity'], code: string, message: string, col = column, value = raw): void => {
      findings.push({ line: row.line, column: col, value, severity, code, message: `Line ${row.line}: ${message}` });
    };
    let iccid: string | null = null;

    if (cell?.numeric !== undefined) {
      finding('error', 'excel_number', `Excel stored ${raw} as a number, which keeps only 15 significant digits, so the ICCID's last digits are lost. Format the column as Text in Excel and paste the ICCIDs again from the original source.`);
    } else {
      const reading = readIccid(raw);
      switch (reading.kind) {
        case 'ok':
          iccid = reading.iccid;
          break;
        case 'empty':
          finding('error', 'missing', `there is no ICCID in the "${column}" column of this row. Fill it in or delete the row.`);
          break;
        case 'scientific':
          finding('error', 'excel_scientific', `${raw.trim()} was damaged by Excel (scientific notation); its last digits are lost. Re-export the column as Text.`);
          break;
        case 'decimal':
          finding('error', 'excel_decimal', `${raw.trim()} has a decimal point, so it was stored as a number and lost digits. Re-export the column as Text.`);
          break;
        case 'not_digits':
          finding('error', 'not_digits', `"${raw.trim()}" contains "${reading.offending}", which is not a digit. An ICCID is 18–22 digits (a trailing F is allowed); correct the value.`);
          break;
        case 'bad_length':
          finding('error', 'bad_length', `${groupIccid(reading.iccid)} has ${reading.iccid.length} digits; an ICCID has 18 to 22. Check for a missing or extra digit.`);
          break;
      }
    }

    const overrides: Record<string, string> = {};
    for (const [field, index] of Object.entries(layout.overrides) as Array<[OverrideField, number]>) {
      const overrideCell = row.cells[index];
      const value = overrideCell?.text.trim() ?? '';
      if (value === '') continue;
      const rule = OVERRIDE_RULES[field];
      const name = layout.columnNames[index] ?? field;
      if (overrideCell?.numeric !== undefined && field !== 'AreaCode' && field !== 'ZipCode') {
        finding('error', 'bad_override', `${name} "${value}" is not valid. ${rule.fix(value)}`, name, value);
      } else if (!rule.test.test(value)) {
        finding('error', 'bad_override', `${name} "${value}" is not valid. ${rule.fix(value)}`, name, value);
      } else overrides[field] = value;
    }
    drafts.push({ line: row.line, raw, iccid, findings, overrides, provisioned: false });
  }

  // File-wide checks need every readable ICCID first.
  const readable = drafts.filter((d) => d.iccid !== null && d.findings.every((f) => f.severity !== 'error'));
  const lengths = new Map<number, number>();
  for (const d of readable) lengths.set(d.iccid!.length, (lengths.get(d.iccid!.length) ?? 0) + 1);
  const [majorityLength, majorityCount] = [...lengths.entries()].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
  const zeroTailed = readable.filter((d) => zeroFilledTail(d.iccid!)).length;
  const zeroTailsAreRare = zeroTailed < readable.length / 2;

  const firstLine = new Map<string, number>();
  for (const d of drafts) {
    if (d.iccid === null) continue;
    const iccid = d.iccid;
    const add = (severity: Finding['severity'], code: string, message: string): void => {
      d.findings.push({ line: d.line, column, value: d.raw, severity, code, message: `Line ${d.line}: ${message}` });
    };
    if (zeroFilledTail(iccid) && (zeroTailsAreRare || iccid.length - 15 >= 4)) {
      add('error', 'excel_zero_filled', `${groupIccid(iccid)} ends in zeros after the 15th digit, which is what Excel leaves of a long number; the real digits are lost. Re-export the column as Text.`);
    }
    const earlier = firstLine.get(iccid);
    if (earlier !== undefined) {
      add('error', 'duplicate', `${groupIccid(iccid)} is also on line ${earlier}; it is kept there and left out here.`);
    } else firstLine.set(iccid, d.line);
    if (d.findings.some((f) => f.severity === 'error')) continue;

    if (!iccid.startsWith('89')) add('warning', 'not_89', `${groupIccid(iccid)} does not start with 89 (the telecom prefix of SIM ICCIDs). Check that this is the SIM's ICCID and not another number.`);
    if (!luhnValid(iccid)) add('warning', 'luhn', `${groupIccid(iccid)} fails the Luhn check digit. Many SIMs print the ICCID without a check digit, so this may be fine; compare it with the card.`);
    if (readable.length >= 3 && majorityCount > readable.length / 2 && iccid.length !== majorityLength) {
      add('warning', 'unusual_length', `${groupIccid(iccid)} has ${iccid.length} digits while most ICCIDs in this file have ${majorityLength}. Check it against the card.`);
    }
    const earlierPurchase = input.provisioned.find(iccid);
    if (earlierPurchase) {
      d.provisioned = true;
      add('notice', 'already_provisioned', `${groupIccid(iccid)} was already provisioned on this station as ${earlierPurchase.phoneNumber} on ${earlierPurchase.at.slice(0, 10)} (batch "${earlierPurchase.batchName}"); it is left out so it is not bought again.`);
    }
  }

  const rows: ImportRow[] = drafts.map((d) => {
    const hasError = d.findings.some((f) => f.severity === 'error');
    const status: ImportRow['status'] = hasError ? 'error' : d.provisioned ? 'provisioned' : d.findings.length > 0 ? 'warning' : 'ok';
    return {
      line: d.line,
      raw: d.raw,
      iccid: d.iccid,
      status,
      excluded: status === 'error' || status === 'provisioned' || input.excludedLines.has(d.line),
      codes: d.findings.map((f) => f.code),
      message: d.findings.map((f) => f.message.replace(/^Line \d+: /, '')).join(' '),
      overrides: d.overrides,
    };
  });

  const findings = drafts.flatMap((d) => d.findings);
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
