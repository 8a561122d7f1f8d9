/**
 * The import's rows, virtualised (@tanstack/react-virtual) so 100,000 rows scroll
 * smoothly: only the visible rows exist in the DOM.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { ImportRow } from '../../../preload/contract';
import { groupIccid } from './file-bytes';

const STATUS_TEXT: Readonly<Record<ImportRow['status'], string>> = {
  ok: '✓ OK',
  warning: '! Check',
  error: '✗ Error',
  provisioned: '⊘ Already provisioned',
};

export function RowsTable({ rows, onToggle, label }: { rows: readonly ImportRow[]; onToggle: (row: ImportRow, include: boolean) => void; label: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => 44, overscan: 12 });

  return (
    <div className="rows-table" role="table" aria-label={label} aria-rowcount={rows.length + 1}>
      <div className="rows-head" role="rowgroup">
        <div className="rows-row" role="row" aria-rowindex={1}>
          <span role="columnheader" className="c-line">Line</span>
          <span role="columnheader" className="c-iccid">ICCID</span>
          <span role="columnheader" className="c-status">Status</span>
          <span role="columnheader" className="c-include">Include</span>
          <span role="columnheader" className="c-message">Finding</span>
        </div>
      </div>
      <div ref={scroller} className="rows-body" role="rowgroup" tabIndex={0} aria-label={`${label}, scrollable`}>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            const locked = row.status === 'error' || row.status === 'provisioned';
            return (
              <div
                key={row.line}
                role="row"
                aria-rowindex={item.index + 2}
                className={`rows-row status-${row.status}${row.excluded ? ' excluded' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}
              >
                <span role="cell" className="c-line">{row.line}</span>
                <span role="cell" className="c-iccid mono">{row.iccid ? groupIccid(row.iccid) : row.raw}</span>
                <span role="cell" className="c-status">{STATUS_TEXT[row.status]}</span>
                <span role="cell" className="c-include">
                  <input
                    type="checkbox"
                    checked={!row.excluded}
                    disabled={locked}
                    aria-label={`Include line ${row.line}`}
                    onChange={(e) => onToggle(row, e.target.checked)}
                  />
                </span>
                <span role="cell" className="c-message" title={row.message}>
                  {row.message}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
