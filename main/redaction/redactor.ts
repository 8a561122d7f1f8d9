/**
 * Masks secrets in text, in every form a server or a serialiser may give them back:
 * as typed, JSON-escaped (a secret with `"` or `\`), URL-encoded (both `%20` and `+`),
 * and HTML-escaped. Applied at the source (docs/security.md): to every response body
 * before anything is read from it, to every string read from it after parsing (escapes
 * such as `\u0070` are decoded by then), and to every log line.
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

const HTML_NAMED: Readonly<Record<string, string>> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };

function codePoint(n: number): string {
  return n <= 0x10ffff ? String.fromCodePoint(n) : '';
}

/** Escapes a server could wrap a secret in that nothing decodes on the way: undone one layer per round. */
function unescapeOnce(text: string): string {
  return text
    .replace(/\\u([0-9a-f]{4})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\([/"\\])/g, '$1')
    .replace(/&#x([0-9a-f]{1,6});/gi, (_, h: string) => codePoint(parseInt(h, 16)))
    .replace(/&#(\d{1,7});/g, (_, d: string) => codePoint(Number(d)))
    .replace(/&(quot|amp|lt|gt|apos);/gi, (_, name: string) => HTML_NAMED[name.toLowerCase()] ?? '')
    .replace(/(?:%[0-9a-f]{2})+/gi, (run) =>
      Buffer.from(
        run
          .slice(1)
          .split('%')
          .map((h) => parseInt(h, 16)),
      ).toString('utf8'),
    );
}

/** Characters that start an escape; a string without any cannot hide a secret under one. */
const ESCAPE_START = /[\\%&+]/;

/** Layers of escapes undone before a string is judged free of secrets (a secret wrapped deeper is masked by the shallower forms). */
const LAYERS = 3;

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

  /**
   * A string read from a server, masked: its known spellings of a secret replaced, and the
   * whole string replaced when a secret is still there once escapes of any kind (JSON `\u`,
   * `\/`, percent with either case of hex, `+` for space, HTML entities) are undone, since
   * where it sat cannot be told.
   */
  scrub(text: string): string {
    const out = this.redact(text);
    if (this.secrets.size === 0 || !ESCAPE_START.test(out)) return out;
    let layer = out;
    for (let i = 0; i <= LAYERS; i++) {
      if (this.holds(layer) || this.holds(layer.replace(/\+/g, ' '))) return MASK;
      const next = unescapeOnce(layer);
      if (next === layer) break;
      layer = next;
    }
    return out;
  }

  /** Every string in a parsed JSON value (keys included) through `scrub`. */
  scrubValue(value: unknown): unknown {
    if (typeof value === 'string') return this.scrub(value);
    if (Array.isArray(value)) return value.map((v) => this.scrubValue(v));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.scrub(k), this.scrubValue(v)]));
    }
    return value;
  }

  private holds(text: string): boolean {
    for (const secret of this.secrets) if (text.includes(secret)) return true;
    return false;
  }
}
