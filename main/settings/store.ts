/**
 * Settings persistence. The product uses electron-store, headless code uses `conf`
 * (which electron-store extends); both are passed in as a `ConfLike` so this module
 * stays plain Node. A corrupt file is backed up and reset with a notice, never lost.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSettings, migrate, StoredSettingsSchema, type StoredSettings } from './schema';

/** The part of conf / electron-store this module uses. */
export interface ConfLike {
  store: Record<string, unknown>;
}

/** Creates the backend for a folder: `new Conf(...)` headless, `new ElectronStore(...)` in the app. */
export type ConfFactory = (options: { cwd: string; configName: string }) => ConfLike;

/** Called after a change is saved, with the settings before it. */
export type SettingsListener = (next: StoredSettings, previous: StoredSettings) => void;

export interface SettingsStore {
  /** The settings in memory: no disk read, already validated (docs/architecture.md, "Disk work"). */
  read(): StoredSettings;
  /** Validates, keeps in memory, saves, then tells the listeners. */
  write(next: StoredSettings): void;
  /** Listens for saved changes; answers how to stop listening. */
  onChange(listener: SettingsListener): () => void;
  /** Set when the file was unreadable at start-up and was backed up. */
  readonly notice: string | null;
  readonly filePath: string;
}

export const SETTINGS_FILE = 'settings';

/** Opens (and if needed migrates or repairs) the settings in `dir`. Start-up code: it reads the file once, synchronously. */
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
  let current: StoredSettings = initial;
  const listeners = new Set<SettingsListener>();

  return {
    notice,
    filePath,
    read: () => current,
    write: (next) => {
      const checked = StoredSettingsSchema.parse(next);
      // electron-store (and conf) write synchronously, atomically and 0600; a save happens
      // only when the operator saves a form, never per request (docs/decisions.md, D4).
      conf.store = { ...checked };
      const previous = current;
      current = checked;
      for (const listener of listeners) listener(current, previous);
    },
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
