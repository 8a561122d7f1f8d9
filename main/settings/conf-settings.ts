/** Settings outside Electron (CLI, test host): `conf`, which electron-store extends, written 0600. */
import Conf from 'conf';
import { openSettings, type ConfLike, type SettingsStore } from './store';

export function openConfSettings(dataRoot: string): SettingsStore {
  return openSettings(dataRoot, ({ cwd, configName }) => new Conf({ cwd, configName, configFileMode: 0o600 }) as unknown as ConfLike);
}
