/** A screen's title and one-line purpose. */
export function ScreenHeader({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <header className="screen-header">
      <h1 id="screen-title">{title}</h1>
      {children ? <p className="screen-lead">{children}</p> : null}
    </header>
  );
}
