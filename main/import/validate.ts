/**
 * Turns source rows into import rows and findings. Every finding names its line,
 * column and raw value and says what to do; nothing is guessed: a damaged ICCID is
 * named and left out, never repaired.
 */
import type { Finding } from '../../preload/views';
import type { PurchaseSnapshot } from '../purchases/purchase-log';
import type { ColumnLayout, OverrideField } from './columns';
import { CheckedRowsBuilder, type CheckedRows } from './checked-rows';
import { FirstSeen } from './first-seen';
import { groupIccid, luhnValid, readIccid, zeroFilledTail } from './iccid';
import type { SourceTable } from './table';
import { FIELD_PATTERNS } from '../../preload/constants';

export interface ValidationInput {
  readonly rows: SourceTable;
  readonly layout: ColumnLayout;
  /** The purchase log as it stood when the check began (one read for the whole list). */
  readonly purchases: PurchaseSnapshot;
}

const OVERRIDE_RULES: Readonly<Record<OverrideField, { test: RegExp; fix: (v: string) => string }>> = {
  AreaCode: { test: FIELD_PATTERNS.AreaCode, fix: () => 'An area code has 3 digits, for example 801; correct it or leave the cell empty.' },
  ZipCode: {
    test: FIELD_PATTERNS.ZipCode,
    fix: (v) =>
      /^\d{3,4}$/.test(v)
        ? 'A ZIP code has 5 digits; Excel probably dropped its leading zeros (00601 became 601). Format the column as Text and re-enter it.'
        : 'A ZIP code has 5 digits, for example 84043; correct it or leave the cell empty.',
  },
  AssignedSubscriberId: {
    test: FIELD_PATTERNS.AssignedSubscriberId,
    fix: () => 'A subscriber ID looks like TSUID-…; copy it from Settings → Provisioning profile, or leave the cell empty.',
  },
  AccountId: { test: FIELD_PATTERNS.AccountId, fix: () => 'An account ID looks like AID-…; copy it from Settings, or leave the cell empty.' },
};

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

/**
 * Checks every data row of the table. One pass reads each row (its ICCID, overrides and,
 * without a header, whether the line holds several ICCIDs); a second applies the checks
 * that need the whole file (Excel's zero-filled tails, duplicates, lengths, the purchase log).
 */
export function validateRows(input: ValidationInput): CheckedRows {
  const { layout, rows: table } = input;
  const column = layout.columnNames[layout.iccidColumn] ?? `Column ${layout.iccidColumn + 1}`;
  const ic = layout.iccidColumn;
  const first = Math.min(layout.dataStart, table.count);
  const out = new CheckedRowsBuilder(table, first, ic, layout.dataEnd);
  const overrideColumns = (Object.entries(layout.overrides) as Array<[OverrideField, number]>).map(([field, index]) => ({
    field,
    index,
    name: layout.columnNames[index] ?? field,
    rule: OVERRIDE_RULES[field],
  }));
  const push = (row: number, severity: Finding['severity'], code: string, message: string, col: string, value: string): void => {
    const line = out.line(row);
    out.addFinding(row, { line, column: col, value, severity, code, message: `Line ${line}: ${message}` });
  };

  for (let i = 0; i < out.count; i++) {
    const r = first + i;
    const raw = out.raw(i);

    if (table.formula(r, ic)) {
      push(
        i,
        'error',
        'formula_no_value',
        `the ICCID cell is a formula (${visible(raw)}) with no saved value: the workbook was written by a program that does not ` +
          'calculate formulas (openpyxl, pandas, POI). Open it in Excel and save it again, then load it.',
        column,
        raw,
      );
    } else if (table.numeric(r, ic)) {
      push(
        i,
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
          out.setIccid(i, reading.iccid);
          break;
        case 'empty':
          push(i, 'error', 'missing', `there is no ICCID in the "${column}" column of this row. Fill it in or delete the row.`, column, raw);
          break;
        case 'scientific':
          push(
            i,
            'error',
            'excel_scientific',
            `${raw.trim()} was damaged by Excel (scientific notation); its last digits are lost. Re-export the column as Text.`,
            column,
            raw,
          );
          break;
        case 'decimal':
          push(
            i,
            'error',
            'excel_decimal',
            `${raw.trim()} has a decimal point, so it was stored as a number and lost digits. Re-export the column as Text.`,
            column,
            raw,
          );
          break;
        case 'not_digits':
          push(
            i,
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
            i,
            'error',
            'bad_length',
            `${groupIccid(reading.iccid)} has ${reading.iccid.length} digits; an ICCID has 18 to 22. Check for a missing or extra digit.`,
            column,
            raw,
          );
          break;
      }
    }

    if (!layout.hasHeader && table.cellCount(r) > 1) {
      // A scanner dump with a tab or comma after every scan and no line breaks puts many
      // ICCIDs on one line: refuse the line with a finding instead of reading one of them.
      const others: number[] = [];
      for (let c = 0; c < table.cellCount(r); c++) if (c !== ic && readIccid(table.cell(r, c)!).kind === 'ok') others.push(c + 1);
      if (others.length > 0) {
        push(
          i,
          'error',
          'several_iccids',
          `this line holds ${others.length + 1} ICCIDs (columns ${[ic + 1, ...others].join(', ')}), as a scanner writes them ` +
            'without line breaks. Put one ICCID per line (replace the tabs or commas between them with line breaks) and load the list again.',
          column,
          raw,
        );
        out.setIccid(i, null);
      }
    }

    if (overrideColumns.length > 0) {
      const overrides: Record<string, string> = {};
      for (const o of overrideColumns) {
        const value = table.cell(r, o.index)?.trim() ?? '';
        if (value === '') continue;
        if (o.rule.test.test(value)) overrides[o.field] = value;
        else push(i, 'error', 'bad_override', `${o.name} "${value}" is not valid. ${o.rule.fix(value)}`, o.name, value);
      }
      if (Object.keys(overrides).length > 0) out.setOverrides(i, overrides);
    }
  }

  // File-wide checks need every readable ICCID first.
  let readable = 0;
  let zeroTailed = 0;
  const lengths = new Map<number, number>();
  for (let i = 0; i < out.count; i++) {
    const iccid = out.iccid(i);
    if (iccid === null || out.findings(i).length > 0) continue;
    readable++;
    lengths.set(iccid.length, (lengths.get(iccid.length) ?? 0) + 1);
    if (zeroFilledTail(iccid)) zeroTailed++;
  }
  const [majorityLength, majorityCount] = [...lengths.entries()].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
  // Excel damages a whole column: many zero-filled tails are its evidence. One genuine
  // ICCID whose digits after the 15th happen to be zeros (about 1 in 1,000, and
  // sequential cartons hit it) keeps its check digit and is only a warning (docs/import.md).
  const excelEvidence = zeroTailed >= 2 && zeroTailed >= readable / 2;
  const checkLength = readable >= 3 && majorityCount > readable / 2;

  // A carton manifest is usually in ICCID order; strictly increasing ICCIDs are all
  // different, so the duplicate table (the slowest step on 2.4 million rows) is skipped.
  const firstSeen = strictlyIncreasing(out) ? null : new FirstSeen(out.count, (row) => out.iccid(row)!);
  for (let i = 0; i < out.count; i++) {
    const iccid = out.iccid(i);
    if (iccid === null) continue;
    const raw = out.raw(i);
    if (zeroFilledTail(iccid)) {
      if (excelEvidence || !luhnValid(iccid)) {
        push(
          i,
          'error',
          'excel_zero_filled',
          `${groupIccid(iccid)} ends in zeros after the 15th digit, which is what Excel ` +
            `leaves of a long number; the real digits are lost. Re-export the column as Text.`,
          column,
          raw,
        );
      } else {
        push(
          i,
          'warning',
          'zero_tail',
          `${groupIccid(iccid)} ends in zeros after the 15th digit. Its check digit is valid, so it is probably genuine; ` +
            'compare it with the card, and leave it out if the card shows other digits.',
          column,
          raw,
        );
      }
    }
    const first = firstSeen?.firstOf(iccid, i) ?? i;
    if (first !== i) {
      push(i, 'error', 'duplicate', `${groupIccid(iccid)} is also on line ${out.line(first)}; it is kept there and left out here.`, column, raw);
    }
    if (out.findings(i).some((f) => f.severity === 'error')) {
      out.settle(i, false);
      continue;
    }

    if (!iccid.startsWith('89'))
      push(
        i,
        'warning',
        'not_89',
        `${groupIccid(iccid)} does not start with 89 (the telecom prefix of SIM ICCIDs). Check that this is the SIM's ICCID and not another number.`,
        column,
        raw,
      );
    if (!luhnValid(iccid))
      push(
        i,
        'warning',
        'luhn',
        `${groupIccid(iccid)} fails the Luhn check digit. Many SIMs print the ICCID without a check digit, so this may be fine; compare it with the card.`,
        column,
        raw,
      );
    if (checkLength && iccid.length !== majorityLength) {
      push(
        i,
        'warning',
        'unusual_length',
        `${groupIccid(iccid)} has ${iccid.length} digits while most ICCIDs in this file have ${majorityLength}. Check it against the card.`,
        column,
        raw,
      );
    }
    const earlierPurchase = input.purchases.find(iccid);
    if (earlierPurchase) {
      // In a fleet, another station's purchase names that station (docs/fleet.md).
      const where = earlierPurchase.station === undefined ? 'already provisioned on this station' : `bought on station ${earlierPurchase.station}`;
      push(
        i,
        'notice',
        'already_provisioned',
        `${groupIccid(iccid)} was ${where} as ${earlierPurchase.phoneNumber} on ${earlierPurchase.at.slice(0, 10)} ` +
          `(batch "${earlierPurchase.batchName}"); it is left out so it is not bought again.`,
        column,
        raw,
      );
    }
    out.settle(i, Boolean(earlierPurchase));
  }
  // Rows whose ICCID could not be read were skipped above; their findings are all errors.
  for (let i = 0; i < out.count; i++) if (out.iccid(i) === null) out.settle(i, false);
  return out;
}

/** Whether the readable ICCIDs, in row order, only ever go up (so no two are the same). */
function strictlyIncreasing(rows: CheckedRows): boolean {
  let previous: string | null = null;
  for (let i = 0; i < rows.count; i++) {
    const iccid = rows.iccid(i);
    if (iccid === null) continue;
    if (previous !== null && !(previous < iccid)) return false;
    previous = iccid;
  }
  return true;
}
