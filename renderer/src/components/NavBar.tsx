/** Main navigation; each entry shows its Alt+digit shortcut. */
import { SCREENS, type ScreenId } from '../screens';

export function NavBar({ current, onSelect }: { current: ScreenId; onSelect: (id: ScreenId) => void }) {
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
              <kbd aria-hidden="true">Alt+{s.key}</kbd>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
