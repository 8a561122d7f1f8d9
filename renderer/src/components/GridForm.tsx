/** A form laid out on the field grid that runs an async action on submit (Enter included) instead of navigating. */
import type { ReactNode } from 'react';

export function GridForm({ onSubmit, children }: { onSubmit: () => Promise<void>; children: ReactNode }) {
  return (
    <form
      className="form-grid"
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      {children}
    </form>
  );
}
