/**
 * A batch's rows in the renderer, updated in place: a progress event patches only the
 * rows it names (at most ten events a second, each with the rows that changed), and the
 * current filter's row list is kept up to date row by row, never rebuilt from 100,000
 * rows (docs/decisions.md, D7). The table reads it through `count` and `rowAt`.
 */
import type { BatchRowView } from '../../../preload/views';

export class BatchRows {
  private readonly rows: BatchRowView[];
  private test: ((row: BatchRowView) => boolean) | null = null;
  /** Row indexes the filter keeps, ascending; null when every row is shown. */
  private kept: number[] | null = null;

  constructor(rows: readonly BatchRowView[]) {
    this.rows = [...rows];
  }

  /** Shows the rows `test` keeps (null: all). One pass over the rows, only when the filter changes. */
  setFilter(test: ((row: BatchRowView) => boolean) | null): void {
    this.test = test;
    this.kept = test === null ? null : this.rows.flatMap((row, i) => (test(row) ? [i] : []));
  }

  /** Rows in the current view. */
  count(): number {
    return this.kept === null ? this.rows.length : this.kept.length;
  }

  /** The row at a position of the current view. */
  rowAt(position: number): BatchRowView | undefined {
    const index = this.kept === null ? position : this.kept[position];
    return index === undefined ? undefined : this.rows[index];
  }

  /** Takes in changed rows; a row that now enters or leaves the filter is inserted or removed where it belongs. */
  apply(changed: readonly BatchRowView[]): void {
    for (const row of changed) {
      if (row.index < 0 || row.index >= this.rows.length) continue;
      // An event older than what is shown (it arrived while the batch loaded) changes nothing.
      const shown = this.rows[row.index]!;
      if (shown.updatedAt !== null && row.updatedAt !== null && row.updatedAt < shown.updatedAt) continue;
      this.rows[row.index] = row;
      if (this.kept === null || this.test === null) continue;
      const at = lowerBound(this.kept, row.index);
      const present = this.kept[at] === row.index;
      const wanted = this.test(row);
      if (wanted && !present) this.kept.splice(at, 0, row.index);
      else if (!wanted && present) this.kept.splice(at, 1);
    }
  }
}

/** The first position in a sorted list whose value is not below `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
