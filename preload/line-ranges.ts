/**
 * Line ranges as operators write them ("2-10, 15"): the import's line numbers of the
 * SIMs to reprint or export. Parsed the same way in the renderer (to say at once that the
 * text is not a list of lines) and in main (which resolves them against the batch).
 */
export type LineRanges = ReadonlyArray<readonly [from: number, to: number]>;

export type LineRangesResult = { readonly ok: true; readonly ranges: LineRanges } | { readonly ok: false; readonly message: string };

export const LINE_RANGES_HINT = 'Write line numbers from the import, like 2-10, 15.';

export function parseLineRanges(text: string): LineRangesResult {
  const ranges: Array<readonly [number, number]> = [];
  for (const part of text.split(/[,;\s]+/).filter(Boolean)) {
    const m = /^(\d{1,9})(?:-(\d{1,9}))?$/.exec(part);
    if (!m) return { ok: false, message: `"${part}" is not a line number or range. ${LINE_RANGES_HINT}` };
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (to < from) return { ok: false, message: `"${part}" runs backwards; write the smaller line first (${to}-${from}).` };
    ranges.push([from, to]);
  }
  if (ranges.length === 0) return { ok: false, message: LINE_RANGES_HINT };
  return { ok: true, ranges };
}

export function inLineRanges(ranges: LineRanges, line: number): boolean {
  return ranges.some(([from, to]) => line >= from && line <= to);
}

/** [8, 9, 10, 11, 15] → "8-11, 15": lines as an operator can type them back into a reprint. */
export function formatLineRanges(lines: readonly number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}
