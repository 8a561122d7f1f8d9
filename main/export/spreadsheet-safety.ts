/**
 * CSV cells that start with `=`, `+`, `-` or `@` (or a tab / carriage return) are run
 * as formulas by Excel and LibreOffice; prefixing an apostrophe shows them as text.
 * https://owasp.org/www-community/attacks/CSV_Injection
 */
/**
 * A cell is a formula risk when, after any leading spaces, separators or control
 * characters (which spreadsheets skip or treat as the start of a cell), it begins with
 * a trigger, including the full-width forms ＝ ＋ － ＠ that some locales convert.
 */
// eslint-disable-next-line no-control-regex -- control characters before a trigger are the attack
const FORMULA_START = /^[\s,;|\u0000-\u001f\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]/;

export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) || /^[\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * A value Excel would not show as written when it reads it as a number: a `+` it drops
 * (or reads as a formula), leading zeros it drops, or more than 11 digits, which it
 * shows as 8.90126E+19 and keeps only 15 of (an ICCID has 19 or 20).
 */
const EXCEL_MANGLES = /^(\+\d+|0\d+|\d{12,})$/;

/**
 * Every cell of every CSV SimFleet writes (docs/exports.md, "Opening a CSV in Excel"):
 * ICCIDs, phone numbers, NIDs and ZIP codes go as `="…"`, which Excel and LibreOffice
 * show as that text, digit for digit; anything else is neutralised. Only digits (and a
 * leading `+`) are ever put in the formula, so it cannot carry one of its own.
 * `fromSpreadsheetText` reads the form back.
 */
export function csvCell(value: string): string {
  return EXCEL_MANGLES.test(value) ? `="${value}"` : neutralizeFormula(value);
}

/**
 * A CSV cell as Excel shows it when it is a text formula: `="8901…"` (SimFleet's own
 * CSVs, and a common way to keep digits in Excel) is its text. Anything else is as it was.
 */
export function fromSpreadsheetText(cell: string): string {
  if (cell.charCodeAt(0) !== 61 /* = */) return cell;
  const text = /^="((?:[^"]|"")*)"$/.exec(cell);
  return text ? text[1]!.replaceAll('""', '"') : cell;
}

/**
 * A cell of a CSV SimFleet wrote, read back as the value it stands for: digits kept as
 * `="…"` are their text, and an apostrophe where `csvCell` would put one (before a formula
 * trigger) is taken as SimFleet's and dropped. A value that itself began with that
 * apostrophe cannot be told apart; none of SimFleet's columns (ICCID, number, NID, order)
 * can hold one. The one home of this rule for readers of SimFleet's own files.
 */
export function fromCsvCell(cell: string): string {
  const text = fromSpreadsheetText(cell);
  if (text !== cell) return text;
  // An apostrophe is SimFleet's only where `neutralizeFormula` would have put it.
  const rest = cell.slice(1);
  return cell.startsWith("'") && neutralizeFormula(rest) === cell ? rest : cell;
}
