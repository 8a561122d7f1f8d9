/**
 * A table that keeps only its visible rows in the DOM (@tanstack/react-virtual), so
 * lists of 100,000 SIMs scroll smoothly. ARIA table roles with row indexes keep it
 * readable by assistive technology.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';

export interface Column<T> {
  readonly key: string;
  readonly header: string;
  readonly width: string;
  readonly render: (row: T) => ReactNode;
  readonly className?: string;
  readonly title?: (row: T) => string;
}

/** Rows held in the renderer, or a count and the rows fetched so far (a big import is paged from main). */
export type TableRows<T> =
  | { readonly rows: readonly T[] }
  | {
      readonly count: number;
      /** The row, or undefined while its page is on its way. */
      readonly rowAt: (index: number) => T | undefined;
      /** Called with the visible range (plus overscan) whenever it changes, so the owner can fetch it. */
      readonly onRange: (start: number, end: number) => void;
    };

export type VirtualTableProps<T> = TableRows<T> & {
  readonly columns: readonly Column<T>[];
  readonly rowKey: (row: T) => string | number;
  readonly rowClass?: (row: T) => string;
  readonly label: string;
  readonly empty?: string;
  /** Below this width the table scrolls sideways instead of squeezing columns. */
  readonly minWidth?: string;
};

export function VirtualTable<T>(props: VirtualTableProps<T>) {
  const { columns, rowKey, rowClass, label, empty, minWidth } = props;
  const count = 'rows' in props ? props.rows.length : props.count;
  const rowAt = 'rows' in props ? (i: number) => props.rows[i] : props.rowAt;
  const onRange = 'rows' in props ? undefined : props.onRange;
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => 44, overscan: 12 });
  const items = virtual.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (last >= first) onRange?.(first, last + 1);
  }, [first, last, onRange]);
  const template = { gridTemplateColumns: columns.map((c) => c.width).join(' '), ...(minWidth ? { minWidth } : {}) };

  return (
    <div className="rows-table">
      {/* The table is its own scroll container (header included), so header and rows stay aligned sideways. */}
      {/* As tall as its rows (plus a little), up to 26rem: a short list leaves no empty box pushing the actions down. */}
      <div
        ref={scroller}
        className="rows-body"
        role="table"
        aria-label={label}
        aria-rowcount={count + 1}
        tabIndex={0}
        style={{ height: `min(26rem, ${(Math.max(count, 1) + 1) * 44 + 24}px)` }}
      >
        <div className="rows-head" role="rowgroup" style={minWidth ? { minWidth } : undefined}>
          <div className="rows-row" role="row" aria-rowindex={1} style={template}>
            {columns.map((c) => (
              <span key={c.key} role="columnheader" className={c.className}>
                {c.header}
              </span>
            ))}
          </div>
        </div>
        {count === 0 && empty ? (
          <div role="rowgroup">
            <div role="row" className="rows-empty">
              <span role="cell">{empty}</span>
            </div>
          </div>
        ) : null}
        <div role="rowgroup" style={{ height: virtual.getTotalSize(), position: 'relative', ...(minWidth ? { minWidth } : {}) }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            const place = { position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` } as const;
            if (row === undefined) {
              return (
                <div
                  key={`loading-${item.index}`}
                  role="row"
                  aria-rowindex={item.index + 2}
                  className="rows-row rows-loading"
                  style={{ ...template, ...place }}
                >
                  <span role="cell">Loading…</span>
                </div>
              );
            }
            return (
              <div
                key={rowKey(row)}
                role="row"
                aria-rowindex={item.index + 2}
                className={`rows-row ${rowClass?.(row) ?? ''}`}
                style={{ ...template, ...place }}
              >
                {columns.map((c) => (
                  <span key={c.key} role="cell" className={c.className} title={c.title?.(row)}>
                    {c.render(row)}
                  </span>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
