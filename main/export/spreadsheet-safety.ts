/**
 * CSV cells that start with `=`, `+`, `-` or `@` (or a tab / carriage return) are run
 * as formulas by Excel and LibreOffice; prefixing an apostrophe shows them as text.
 * https://owasp.org/www-community/attacks/CSV_Injection
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
