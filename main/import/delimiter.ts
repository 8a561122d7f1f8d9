/**
 * Finds the field delimiter among tab, `;`, `,` and `|` (docs/import.md): the
 * candidate that appears the same number of times (at least once) in most of the first
 * records. Records are read as csv-parse reads them: quotes are followed across line
 * breaks (an address cell with a line break is one record), and CR LF, LF and a classic
 * Mac's lone CR all end a record. A single-column list has no delimiter.
 *
 * Ties go to the candidate earlier in CANDIDATES: a tab-separated export whose other
 * column has decimal commas (`89…835<TAB>3,00`) is split on the tab, and a European
 * semicolon file with decimal commas on the semicolon.
 */

export type Delimiter = ',' | ';' | '\t' | '|';
const CANDIDATES: readonly Delimiter[] = ['\t', ';', ',', '|'];

/** The first `limit` non-blank records, each as its per-candidate delimiter counts outside quotes. */
function sampleRecords(text: string, limit: number): Array<Record<Delimiter, number>> {
  const records: Array<Record<Delimiter, number>> = [];
  let counts: Record<Delimiter, number> = { '\t': 0, ';': 0, ',': 0, '|': 0 };
  let quoted = false;
  let blank = true;
  const end = (): void => {
    if (!blank) records.push(counts);
    counts = { '\t': 0, ';': 0, ',': 0, '|': 0 };
    blank = true;
  };
  for (let i = 0; i < text.length && records.length < limit; i++) {
    const c = text[i]!;
    if (c === '"') {
      // A doubled quote inside quotes is an escaped quote, not the end of the cell.
      if (quoted && text[i + 1] === '"') i++;
      else quoted = !quoted;
      blank = false;
    } else if (!quoted && (c === '\n' || c === '\r')) {
      if (c === '\r' && text[i + 1] === '\n') i++;
      end();
    } else if (!quoted && (c === '\t' || c === ';' || c === ',' || c === '|')) {
      counts[c] += 1;
    } else if (c !== ' ') {
      blank = false;
    }
  }
  if (records.length < limit) end();
  return records;
}

export function sniffDelimiter(text: string, sampleLines = 50): Delimiter | null {
  const records = sampleRecords(text, sampleLines);
  let best: { delimiter: Delimiter; score: number } | null = null;
  for (const delimiter of CANDIDATES) {
    const frequency = new Map<number, number>();
    let present = 0;
    for (const r of records) {
      if (r[delimiter] === 0) continue;
      present++;
      frequency.set(r[delimiter], (frequency.get(r[delimiter]) ?? 0) + 1);
    }
    const [, agreeing] = [...frequency.entries()].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
    const total = Math.max(1, records.length);
    // It must split most records (ragged rows included); then a consistent field count
    // wins, and remaining ties keep the earlier candidate.
    if (present / total < 0.6) continue;
    const score = present / total + agreeing / total;
    if (!best || score > best.score) best = { delimiter, score };
  }
  return best?.delimiter ?? null;
}
