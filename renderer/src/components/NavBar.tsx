/** Main navigation; each entry shows its Alt+digit shortcut, and Batches how the batch is doing. */
import { SCREENS, type ScreenId } from '../screens';

export function NavBar({
  current,
  onSelect,
  badges = {},
}: {
  current: ScreenId;
  onSelect: (id: ScreenId) => void;
  /** A short word beside an entry ("42%", "paused"), or null. */
  badges?: Partial<Record<ScreenId, string | null>>;
}) {
  return (
    <nav className="nav" aria-label="Main">
      <ul>
        {SCREENS.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className="nav-item"
              aria-current={current === s.id ? 'page' : undefined}
              aria-keyshortcuts={`Alt+${s.key}`}
              onClick={() => onSelect(s.id)}
            >
              <span>{s.label}</span>
              {badges[s.id] && (
                <span className={`nav-badge${badges[s.id] === 'paused' || badges[s.id] === 'stopped' ? ' nav-badge-warn' : ''}`}>{badges[s.id]}</span>
              )}
              <kbd aria-hidden="true">Alt+{s.key}</kbd>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
