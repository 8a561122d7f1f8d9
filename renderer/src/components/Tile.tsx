/** One big number with its label, for the summary rows operators read at a glance. */
import type { ReactNode } from 'react';

export function Tile({ label, children, tone }: { label: string; children: ReactNode; tone?: 'main' | 'ok' | 'warn' | 'error' }) {
  return (
    <div className={`tile${tone ? ` tile-${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
