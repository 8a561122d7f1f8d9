/**
 * A screen's title and one-line purpose. The title takes the focus when the screen opens,
 * so a keyboard or screen-reader user starts at the top of the screen they chose (a
 * control of the screen that needs the focus, such as the scan field, takes it after).
 */
import { useEffect, useRef } from 'react';

export function ScreenHeader({ title, children }: { title: string; children?: React.ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus({ preventScroll: true }), []);
  return (
    <header className="screen-header">
      <h1 id="screen-title" ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children ? <p className="screen-lead">{children}</p> : null}
    </header>
  );
}
