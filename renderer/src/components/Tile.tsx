/** One big number with its label, for the summary rows operators read at a glance. */
import type { ReactNode } from 'react';

export function Tile({ label, children, tone, note }: { label: string; children: ReactNode; tone?: 'main' | 'ok' | 'warn' | 'error'; note?: string }) {
  return (
    <div className={`tile${tone ? ` tile-${tone}` : ''}`}>
      <dt>{label}</dt>
      {note && <dd className="tile-note">{note}</dd>}
      <dd>{children}</dd>
    </div>
  );
}
