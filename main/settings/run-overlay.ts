/**
 * Per-run options of the command line (`--rate`, `--number-type`, …) laid over the
 * saved settings for one process: the services read them like settings, and they are
 * never written back. Only what the services themselves record (a connection test)
 * reaches the settings file.
 */
import type { StoredSettings } from './schema';
import type { SettingsStore } from './store';

export function overlaySettings(store: SettingsStore, patch: (saved: StoredSettings) => StoredSettings): SettingsStore {
  return {
    notice: store.notice,
    filePath: store.filePath,
    read: () => patch(store.read()),
    onChange: (listener) => store.onChange((next, previous) => listener(patch(next), patch(previous))),
    write: (next) => {
      const saved = store.read();
      store.write({ ...saved, production: { ...saved.production, connectionTest: next.production.connectionTest } });
    },
  };
}
