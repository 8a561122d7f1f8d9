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
 * The same, except that a strict E.164 number (`+` and 6–15 digits, nothing else) is
 * left as it is: it cannot carry a formula, and machine readers of a mapping file
 * need the number exactly as Telegent wrote it.
 */
export function neutralizeFormulaKeepE164(value: string): string {
  return /^\+\d{6,15}$/.test(value) ? value : neutralizeFormula(value);
}
