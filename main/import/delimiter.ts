/**
 * Finds the field delimiter among `,` `;` tab and `|`: the candidate that appears
 * the same number of times (at least once) on most of the first non-blank lines,
 * outside quotes. A single-column list has none.
 */

export type Delimiter = ',' | ';' | '\t' | '|';
const CANDIDATES: readonly Delimiter[] = [',', ';', '\t', '|'];

function countOutsideQuotes(line: string, ch: string): number {
  let count = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) count++;
  }
  return count;
}

export function sniffDelimiter(text: string, sampleLines = 50): Delimiter | null {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < sampleLines && start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    if (line.trim() !== '') lines.push(line);
    start = end + 1;
  }
  let best: { delimiter: Delimiter; score: number } | null = null;
  for (const delimiter of CANDIDATES) {
    const counts = lines.map((l) => countOutsideQuotes(l, delimiter));
    const frequency = new Map<number, number>();
    for (const c of counts) if (c > 0) frequency.set(c, (frequency.get(c) ?? 0) + 1);
    const [, agreeing] = [...frequency.entries()].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
    // Most lines must agree on the count; ties go to the earlier (more common) candidate.
    const score = agreeing / Math.max(1, lines.length);
    if (score >= 0.6 && (!best || score > best.score)) best = { delimiter, score };
  }
  return best?.delimiter ?? null;
}
