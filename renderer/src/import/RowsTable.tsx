/** The import's rows in the virtualised table, with an Include box per row. */
import { useState } from 'react';
import type { ImportRow } from '../../../preload/views';
import { VirtualTable, type Column } from '../components/VirtualTable';
import { groupIccid } from './file-bytes';
import { reasonOf } from './reasons';
import type { ImportRows } from './useImportRows';

const STATUS_TEXT: Readonly<Record<ImportRow['status'], string>> = {
  ok: '✓ OK',
  warning: '! Check',
  error: '✗ Error',
  provisioned: '⊘ Already provisioned',
};

const canToggle = (r: ImportRow): boolean => r.status !== 'error' && r.status !== 'provisioned';

/** What Space on a row that cannot be included says, instead of nothing. */
export function whyNotIncluded(r: ImportRow): string {
  return r.status === 'error'
    ? `Line ${r.line} cannot be included: ${r.message}`
    : `Line ${r.line} cannot be included: this SIM is already provisioned, and a batch never buys it again.`;
}

export function RowsTable({
  rows,
  onToggle,
  onActive,
  label,
}: {
  rows: ImportRows;
  onToggle: (row: ImportRow, include: boolean) => void;
  onActive: (row: ImportRow | undefined) => void;
  label: string;
}) {
  const [said, setSaid] = useState('');
  const columns: Column<ImportRow>[] = [
    { key: 'line', header: 'Line', width: '4.5rem', className: 'c-line', render: (r) => r.line },
    { key: 'iccid', header: 'ICCID', width: '15rem', className: 'c-iccid mono', render: (r) => (r.iccid ? groupIccid(r.iccid) : r.raw) },
    { key: 'status', header: 'Status', width: '8.5rem', className: 'c-status', render: (r) => STATUS_TEXT[r.status] },
    {
      key: 'include',
      header: 'Include',
      width: '4.5rem',
      className: 'c-include',
      render: (r) => (
        <input
          type="checkbox"
          checked={!r.excluded}
          disabled={!canToggle(r)}
          aria-label={`Include line ${r.line}`}
          tabIndex={-1}
          onChange={(e) => onToggle(r, e.target.checked)}
        />
      ),
    },
    {
      key: 'message',
      header: 'Finding',
      width: '1fr',
      className: 'c-message',
      render: (r) => [...new Set(r.codes.map(reasonOf))].join(' · '),
      title: (r) => r.message,
    },
  ];
  return (
    <>
      <VirtualTable
        count={rows.total ?? 0}
        rowAt={rows.rowAt}
        onRange={rows.onRange}
        columns={columns}
        rowKey={(r) => r.line}
        rowClass={(r) => `status-${r.status}${r.excluded ? ' excluded' : ''}`}
        label={label}
        empty="No rows match."
        onActive={onActive}
        onSpace={(r) => {
          if (canToggle(r)) {
            setSaid('');
            onToggle(r, r.excluded);
          } else setSaid(whyNotIncluded(r));
        }}
      />
      <p role="status" className="field-hint table-said">
        {said}
      </p>
    </>
  );
}
