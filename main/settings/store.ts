/**
 * Settings persistence. The product uses electron-store, headless code uses `conf`
 * (which electron-store extends); both are passed in as a `ConfLike` so this module
 * stays plain Node. A corrupt file is backed up and reset with a notice, never lost.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSettings, migrate, type StoredSettings } from './schema';

/** The part of conf / electron-store this module uses. */
export interface ConfLike {
  store: Record<string, unknown>;
}

/** Creates the backend for a folder: `new Conf(...)` headless, `new ElectronStore(...)` in the app. */
export type ConfFactory = (options: { cwd: string; configName: string }) => ConfLike;

export interface SettingsStore {
  read(): StoredSettings;
  write(next: StoredSettings): void;
  /** Set when the file was unreadable at start-up and was backed up. */
  readonly notice: string | null;
  readonly filePath: string;
}

export const SETTINGS_FILE = 'settings';

/** Opens (and if needed migrates or repairs) the settings in `dir`. */
export function openSettings(dir: string, factory: ConfFactory, now: () => Date = () => new Date()): SettingsStore {
  const filePath = join(dir, `${SETTINGS_FILE}.json`);
  let notice: string | null = null;
  let initial: StoredSettings = defaultSettings();

  if (existsSync(filePath)) {
    let reason: string | null = null;
    try {
      const result = migrate(JSON.parse(readFileSync(filePath, 'utf8')));
      if (result.ok) initial = result.value;
      else reason = result.reason;
    } catch (error) {
      reason = error instanceof SyntaxError ? 'it is not valid JSON' : `it could not be read (${(error as Error).message})`;
    }
    if (reason !== null) {
      const backup = join(dir, `${SETTINGS_FILE}.corrupt-${now().toISOString().replaceAll(':', '-')}.json`);
      renameSync(filePath, backup);
      notice =
        `The settings file could not be used because ${reason}. It was kept as ${backup} and ` +
        `SimFleet started with default settings; re-enter your settings or restore the backup.`;
    }
  }

  const conf = factory({ cwd: dir, configName: SETTINGS_FILE });
  conf.store = { ...initial };

  return {
    notice,
    filePath,
    read: () => {
      const result = migrate(conf.store);
      return result.ok ? result.value : initial;
    },
    write: (next) => {
      conf.store = { ...next };
    },
  };
}
