/**
 * Masks secrets in text, in every form a server or a serialiser may give them back:
 * as typed, JSON-escaped (a secret with `"` or `\`), URL-encoded (both `%20` and `+`),
 * and HTML-escaped. Applied at the source (docs/security.md): to every response body
 * before anything is read from it, and to every log line.
 */

const MASK = '[redacted]';

function htmlEscaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Every spelling of one secret that could appear in a body, a message or a log line. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([
    secret,
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(JSON.stringify(secret)).slice(3, -3),
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    htmlEscaped(secret),
  ]);
  // Longest first, so a longer escaped form is masked whole before a shorter one inside it.
  return [...forms].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length);
}

export class Redactor {
  private forms: string[] = [];
  private readonly secrets = new Set<string>();

  /** Registers a value that must never pass (the AccountSecret, the AccountKey). */
  add(secret: string | null | undefined): void {
    if (!secret || secret.length < 4 || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    this.forms = [...this.secrets].flatMap(secretForms).sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const form of this.forms) if (out.includes(form)) out = out.split(form).join(MASK);
    return out;
  }
}
