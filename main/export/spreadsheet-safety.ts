/**
 * CSV cells that start with `=`, `+`, `-` or `@` (or a tab / carriage return) are run
 * as formulas by Excel and LibreOffice; prefixing an apostrophe shows them as text.
 * https://owasp.org/www-community/attacks/CSV_Injection
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The same, except that a strict E.164 number (`+` and 6–15 digits, nothing else) is
 * left as it is: it cannot carry a formula, and machine readers of a mapping file
 * need the number exactly as Telegent wrote it.
 */
export function neutralizeFormulaKeepE164(value: string): string {
  return /^\+\d{6,15}$/.test(value) ? value : neutralizeFormula(value);
}
