/**
 * Text for a terminal: control characters (escape sequences, bells, carriage returns
 * that overwrite a line) are removed from anything the CLI prints, because values come
 * from files and servers nobody here controls (docs/security.md). Newlines and tabs stay.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, '');
}
