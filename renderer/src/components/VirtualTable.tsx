/**
 * A table that keeps only its visible rows in the DOM (@tanstack/react-virtual), so lists
 * of millions of SIMs scroll smoothly. It is one Tab stop (a grid with an active row):
 * arrows, Page Up/Down, Home and End move through the rows, Space acts on the row (an
 * Include box), and the active row is shown in full by its owner (a row-detail panel).
 * Controls inside rows are not Tab stops, so 100,000 rows never mean 100,000 Tab presses.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

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
      readonly onRange?: (start: number, end: number) => void;
    };

export type VirtualTableProps<T> = TableRows<T> & {
  readonly columns: readonly Column<T>[];
  readonly rowKey: (row: T) => string | number;
  readonly rowClass?: (row: T) => string;
  readonly label: string;
  readonly empty?: string;
  /** Below this width the table scrolls sideways instead of squeezing columns. */
  readonly minWidth?: string;
  /** The active row changed (arrows or a click): its owner shows it in full. */
  readonly onActive?: (row: T | undefined) => void;
  /** Space on the active row (toggle its Include box). */
  readonly onSpace?: (row: T) => void;
};

const ROW = 44;

export function VirtualTable<T>(props: VirtualTableProps<T>) {
  const { columns, rowKey, rowClass, label, empty, minWidth, onActive, onSpace } = props;
  const count = 'rows' in props ? props.rows.length : props.count;
  const rowAt = 'rows' in props ? (i: number) => props.rows[i] : props.rowAt;
  const onRange = 'rows' in props ? undefined : props.onRange;
  const scroller = useRef<HTMLDivElement>(null);
  const ids = useId();
  const [active, setActive] = useState<number | null>(null);
  const virtual = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 12 });
  const items = virtual.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (last >= first) onRange?.(first, last + 1);
  }, [first, last, onRange]);
  // A new list (another filter, a search) starts with no active row.
  const activeRow = active !== null && active < count ? rowAt(active) : undefined;
  useEffect(() => {
    onActive?.(activeRow);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new row object (another row, or this row changed) is what counts
  }, [activeRow]);
  useEffect(() => {
    if (active !== null && active >= count) setActive(count > 0 ? count - 1 : null);
  }, [active, count]);
  const template = { gridTemplateColumns: columns.map((c) => c.width).join(' '), ...(minWidth ? { minWidth } : {}) };

  const move = (to: number): void => {
    if (count === 0) return;
    const index = Math.max(0, Math.min(count - 1, to));
    setActive(index);
    virtual.scrollToIndex(index, { align: 'auto' });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW * 8) / ROW) - 1);
    const at = active ?? -1;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(at + 1),
      ArrowUp: () => move(Math.max(0, at - 1)),
      PageDown: () => move(at + page),
      PageUp: () => move(Math.max(0, at - page)),
      Home: () => move(0),
      End: () => move(count - 1),
      ' ': () => activeRow !== undefined && onSpace?.(activeRow),
    };
    const action = keys[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    action();
  };

  return (
    <div className="rows-table">
      {/* The table is its own scroll container (header included), so header and rows stay aligned sideways. */}
      {/* As tall as its rows (plus a little), up to 26rem: a short list leaves no empty box pushing the actions down. */}
      <div
        ref={scroller}
        className="rows-body"
        role="grid"
        aria-label={label}
        aria-rowcount={count + 1}
        aria-activedescendant={activeRow !== undefined ? `${ids}-row-${active}` : undefined}
        aria-readonly={onSpace ? undefined : true}
        tabIndex={0}
        onKeyDown={onKeyDown}
        style={{ height: `min(26rem, ${(Math.max(count, 1) + 1) * ROW + 24}px)` }}
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
              <span role="gridcell">{empty}</span>
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
                  <span role="gridcell">Loading…</span>
                </div>
              );
            }
            const isActive = item.index === active;
            return (
              <div
                key={rowKey(row)}
                id={`${ids}-row-${item.index}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={isActive}
                className={`rows-row ${rowClass?.(row) ?? ''}${isActive ? ' active' : ''}`}
                style={{ ...template, ...place }}
                onClick={() => setActive(item.index)}
              >
                {columns.map((c) => (
                  <span key={c.key} role="gridcell" className={c.className} title={c.title?.(row)}>
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
