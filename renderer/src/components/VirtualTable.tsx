/**
 * A table that keeps only its visible rows in the DOM (@tanstack/react-virtual), so
 * lists of 100,000 SIMs scroll smoothly. ARIA table roles with row indexes keep it
 * readable by assistive technology.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';

export interface Column<T> {
  readonly key: string;
  readonly header: string;
  readonly width: string;
  readonly render: (row: T) => ReactNode;
  readonly className?: string;
  readonly title?: (row: T) => string;
}

export interface VirtualTableProps<T> {
  readonly rows: readonly T[];
  readonly columns: readonly Column<T>[];
  readonly rowKey: (row: T) => string | number;
  readonly rowClass?: (row: T) => string;
  readonly label: string;
  readonly empty?: string;
  /** Below this width the table scrolls sideways instead of squeezing columns. */
  readonly minWidth?: string;
}

export function VirtualTable<T>({ rows, columns, rowKey, rowClass, label, empty, minWidth }: VirtualTableProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => 44, overscan: 12 });
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
        aria-rowcount={rows.length + 1}
        tabIndex={0}
        style={{ height: `min(26rem, ${(Math.max(rows.length, 1) + 1) * 44 + 24}px)` }}
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
        {rows.length === 0 && empty ? (
          <div role="rowgroup">
            <div role="row" className="rows-empty">
              <span role="cell">{empty}</span>
            </div>
          </div>
        ) : null}
        <div role="rowgroup" style={{ height: virtual.getTotalSize(), position: 'relative', ...(minWidth ? { minWidth } : {}) }}>
          {virtual.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                key={rowKey(row)}
                role="row"
                aria-rowindex={item.index + 2}
                className={`rows-row ${rowClass?.(row) ?? ''}`}
                style={{ ...template, position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}
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
